using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SealVerifier.Cli;

namespace SealVerifier.Tests;

public sealed class StatusListTests : IDisposable
{
    private static readonly TestPki Pki = TestPki.Instance;
    private readonly string _dir = Directory.CreateTempSubdirectory("sealverify-status-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string List(string purpose, IEnumerable<string> serials, X509Certificate2? key = null, DateTimeOffset? generatedAt = null)
    {
        key ??= Pki.Active;
        var at = generatedAt ?? Pki.Now.AddMinutes(-1);
        var credential = BitstringStatusList.Credential($"https://seals.example.org/status/{purpose}/1", TestPki.ServiceUrl, purpose, serials.Select(BitstringStatusList.IndexOf), at, at.AddDays(1));
        var input = BitstringStatusList.SigningInput(BitstringStatusList.Header(KeyId.FromCertificate(key), key, Pki.Root), credential);
        using var ecdsa = key.GetECDsaPrivateKey()!;
        return BitstringStatusList.Complete(input, ecdsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Fact]
    public void The_bitstring_is_gzip_base64url_multibase_with_index_zero_as_the_leftmost_bit()
    {
        var bits = BitstringStatusList.Decode(BitstringStatusList.Encode([0, 9, BitstringStatusList.Size - 1]));
        Assert.Equal(BitstringStatusList.Size / 8, bits.Length);
        Assert.Equal(0x80, bits[0]);
        Assert.Equal(0x40, bits[1]);
        Assert.Equal(0x01, bits[^1]);
        Assert.True(BitstringStatusList.IsSet(bits, 9));
        Assert.False(BitstringStatusList.IsSet(bits, 8));
        var serial = Serial.New("SMIG").Value;
        Assert.Equal(BitstringStatusList.IndexOf(serial), BitstringStatusList.IndexOf(serial.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()));
    }

    [Fact]
    public async Task An_offline_verifier_with_a_fresh_list_says_revoked_or_suspended_and_otherwise_valid()
    {
        var claims = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        var other = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        var revocation = BitstringStatusList.Load(List(BitstringStatusList.Revocation, [claims.Serial]), Pki.TrustList, Pki.Now);
        var suspension = BitstringStatusList.Load(List(BitstringStatusList.Suspension, [other.Serial]), Pki.TrustList, Pki.Now);
        Assert.Null(revocation.Error);
        var source = new StatusListStatusSource(revocation.List, suspension.List);
        var verifier = new SealVerification(Pki.TrustList, Pki.Clock(), source);
        Assert.Equal(Verdict.Revoked, (await verifier.VerifyQrAsync(Seals.QrUrl(claims, Pki.Active))).Verdict);
        Assert.Equal(Verdict.Suspended, (await verifier.VerifyQrAsync(Seals.QrUrl(other, Pki.Active))).Verdict);
        Assert.Equal(Verdict.Valid, (await verifier.VerifyQrAsync(Seals.QrUrl(Pki.Active, Pki.Now.AddDays(-1), Pki.Now.AddDays(300)))).Verdict);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("foreign-key")]
    [InlineData("compromised-key")]
    [InlineData("tampered")]
    public void A_list_that_is_not_authentic_or_not_fresh_is_refused(string scenario)
    {
        var jws = scenario switch
        {
            "expired" => List(BitstringStatusList.Revocation, [], generatedAt: Pki.Now.AddDays(-2)),
            "foreign-key" => List(BitstringStatusList.Revocation, [], Pki.ForeignIssuer),
            "compromised-key" => List(BitstringStatusList.Revocation, [], Pki.Compromised),
            _ => List(BitstringStatusList.Revocation, []).Replace(".eyJ", ".eyK", StringComparison.Ordinal),
        };
        var loaded = BitstringStatusList.Load(jws, Pki.TrustList, Pki.Now);
        Assert.Null(loaded.List);
        Assert.NotNull(loaded.Error);
    }

    [Fact]
    public void A_credential_whose_x5c_does_not_chain_to_the_trust_list_root_is_refused()
    {
        var credential = BitstringStatusList.Credential("https://seals.example.org/status/revocation/1", TestPki.ServiceUrl, BitstringStatusList.Revocation, [], Pki.Now.AddMinutes(-1), Pki.Now.AddDays(1));
        string Sign(X509Certificate2 key, X509Certificate2 root)
        {
            var input = BitstringStatusList.SigningInput(BitstringStatusList.Header(KeyId.FromCertificate(key), key, root), credential);
            using var ecdsa = key.GetECDsaPrivateKey()!;
            return BitstringStatusList.Complete(input, ecdsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        }

        Assert.True(BitstringStatusList.TryVerifyCredential(Sign(Pki.Active, Pki.Root), Pki.TrustList, Pki.Now, out _, out var signingKey, out var error), error);
        Assert.Equal(KeyId.FromCertificate(Pki.Active), signingKey!.KeyId);

        // x5c names another root after the right issuing certificate.
        Assert.False(BitstringStatusList.TryVerifyCredential(Sign(Pki.Active, Pki.ForeignRoot), Pki.TrustList, Pki.Now, out _, out error));
        Assert.Contains("root", error, StringComparison.Ordinal);

        // A list that was not checked against its root names a key the root never certified: the key alone is not enough.
        var notCheckedList = TestPki.BuildTrustList(Pki.Root, [TestPki.Key(Pki.ForeignIssuer, TrustedKey.Active)]);
        Assert.False(BitstringStatusList.TryVerifyCredential(Sign(Pki.ForeignIssuer, Pki.Root), notCheckedList, Pki.Now, out _, out error));
        Assert.Contains("not issued by the trust list's root", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_line_checks_status_from_cached_list_files()
    {
        var claims = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        var trustList = Path.Combine(_dir, "trust-list.json");
        var revocation = Path.Combine(_dir, "revocation.jwt");
        await File.WriteAllBytesAsync(trustList, Pki.SignedTrustListJson);
        await File.WriteAllTextAsync(revocation, List(BitstringStatusList.Revocation, [claims.Serial]));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var http = new HttpClient(new FakeHttpHandler(_ => throw new InvalidOperationException("no network call expected")));
        var exit = await CliApp.RunAsync(["verify", Seals.QrUrl(claims, Pki.Active), "--trust-list", trustList, "--revocation-list", revocation], stdout, stderr, http, Pki.Clock());
        Assert.Equal(1, exit);
        Assert.Contains("revoked", stdout.ToString(), StringComparison.OrdinalIgnoreCase);

        var wrongPurpose = await CliApp.RunAsync(["verify", Seals.QrUrl(claims, Pki.Active), "--trust-list", trustList, "--suspension-list", revocation], stdout, stderr, http, Pki.Clock());
        Assert.Equal(2, wrongPurpose);
    }
}
