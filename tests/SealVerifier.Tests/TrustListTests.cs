using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace SealVerifier.Tests;

public class TrustListTests
{
    private static readonly TestPki Pki = TestPki.Instance;

    [Fact]
    public void Loads_a_valid_list()
    {
        var result = SignedTrustList.Load(Pki.SignedTrustListJson, Pki.RootPin.ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal));
        Assert.True(result.Success, result.Error);
        Assert.Equal(3, result.TrustList.Keys.Count);
        Assert.Equal(TestPki.IssuerName, result.TrustList.Issuer);
        Assert.Equal(Pki.CompromisedSince, result.TrustList.Keys.Single(k => k.IsCompromised).CompromisedSince);
        Assert.True(SignedTrustList.Load(Pki.SignedTrustListJson, null).Success);
        Assert.Matches("^sha256:[0-9a-f]{64}$", Pki.RootPin);
        Assert.Matches("^[0-9a-f]{16}$", KeyId.FromCertificate(Pki.Active));
    }

    [Fact]
    public void Rejects_a_wrong_pin()
    {
        var result = SignedTrustList.Load(Pki.SignedTrustListJson, TrustList.Fingerprint(Pki.ForeignRoot.RawData));
        Assert.False(result.Success);
        Assert.Contains("pinned", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("issuer", "Evil Certification Body")]
    [InlineData("serviceUrl", "https://evil.example")]
    public void Rejects_a_tampered_body(string member, string value)
    {
        var document = JsonNode.Parse(Pki.SignedTrustListJson)!;
        document["trustList"]![member] = value;
        var result = SignedTrustList.Load(Encoding.UTF8.GetBytes(document.ToJsonString()), Pki.RootPin);
        Assert.False(result.Success);
        Assert.Contains("signature", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_key_state_change()
    {
        var document = JsonNode.Parse(Pki.SignedTrustListJson)!;
        var compromised = document["trustList"]!["keys"]!.AsArray().First(k => (string?)k!["state"] == "compromised")!;
        compromised["state"] = "retired";
        compromised["compromisedSince"] = null;
        Assert.False(SignedTrustList.Load(Encoding.UTF8.GetBytes(document.ToJsonString()), Pki.RootPin).Success);
    }

    [Fact]
    public void Rejects_an_issuing_certificate_not_signed_by_the_root()
    {
        var list = TestPki.BuildTrustList(Pki.Root, [TestPki.Key(Pki.Active, TrustedKey.Active), TestPki.Key(Pki.ForeignIssuer, TrustedKey.Active)]);
        using var rootKey = Pki.Root.GetECDsaPrivateKey()!;
        var result = SignedTrustList.Load(SignedTrustList.Create(list, rootKey), Pki.RootPin);
        Assert.False(result.Success);
        Assert.Contains("not issued by the root", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_mismatched_key_id()
    {
        var key = TestPki.Key(Pki.Active, TrustedKey.Active) with { KeyId = KeyId.FromCertificate(Pki.Retired) };
        using var rootKey = Pki.Root.GetECDsaPrivateKey()!;
        var result = SignedTrustList.Load(SignedTrustList.Create(TestPki.BuildTrustList(Pki.Root, [key]), rootKey), null);
        Assert.False(result.Success);
        Assert.Contains("key id", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_a_list_signed_by_another_key()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var result = SignedTrustList.Load(SignedTrustList.Create(Pki.TrustList, other), null);
        Assert.False(result.Success);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{}")]
    [InlineData("[1,2]")]
    [InlineData("""{"trustList":{},"signature":"AA=="}""")]
    [InlineData("""{"trustList":{"version":1},"signature":"not base64"}""")]
    public void Rejects_garbage_without_throwing(string json)
    {
        var result = SignedTrustList.Load(Encoding.UTF8.GetBytes(json), null);
        Assert.False(result.Success);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }
}
