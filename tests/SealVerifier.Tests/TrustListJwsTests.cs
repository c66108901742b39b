using System.Security.Cryptography.X509Certificates;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using SealVerifier.Cli;

namespace SealVerifier.Tests;

/// <summary>The trust list as a JWS by the root: expires within a week, carries a sequence that verifiers never let go back.</summary>
public sealed class TrustListJwsTests : IDisposable
{
    private static readonly TestPki Pki = TestPki.Instance;
    private readonly string _dir = Directory.CreateTempSubdirectory("sealverify-jws-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Jws(long sequence, DateTimeOffset? issuedAt = null, TrustList? list = null)
    {
        var iat = issuedAt ?? Pki.Now.AddHours(-1);
        return TrustListJws.Create(list ?? Pki.TrustList, Pki.Root, Pki.Root.GetECDsaPrivateKey()!, sequence, iat, iat.AddDays(7));
    }

    private static TrustListLoadResult Load(string jws, long? seen = null, string? pin = null, DateTimeOffset? now = null) =>
        TrustListJws.Load(Encoding.ASCII.GetBytes(jws), pin ?? Pki.RootPin, now ?? Pki.Now, seen);

    [Fact]
    public void A_fresh_list_loads_with_its_sequence_and_expiry_and_is_ES384_with_the_root_in_x5c()
    {
        var jws = Jws(42);
        var loaded = Load(jws, seen: 41);
        Assert.True(loaded.Success, loaded.Error);
        Assert.Equal(42, loaded.Sequence);
        Assert.Equal(Pki.Now.AddHours(-1).AddDays(7), loaded.ExpiresAt);
        Assert.Equal(3, loaded.TrustList.Keys.Count);
        var header = JsonNode.Parse(TrustListJws.FromBase64Url(jws.Split('.')[0]))!;
        Assert.Equal("ES384", header["alg"]!.GetValue<string>());
        Assert.Equal(TrustListJws.Type, header["typ"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String(Pki.Root.RawData), header["x5c"]![0]!.GetValue<string>());
        Assert.True(TrustListDocument.Load(Encoding.ASCII.GetBytes(jws), Pki.RootPin, Pki.Now, null).Success);
    }

    [Fact]
    public void An_expired_list_is_refused()
    {
        var loaded = Load(Jws(5, Pki.Now.AddDays(-8)));
        Assert.False(loaded.Success);
        Assert.Contains("expired", loaded.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_list_older_than_the_newest_seen_is_refused_and_the_same_one_is_accepted()
    {
        Assert.Contains("older", Load(Jws(9), seen: 10).Error, StringComparison.Ordinal);
        Assert.True(Load(Jws(10), seen: 10).Success);
    }

    [Fact]
    public void A_list_cannot_claim_more_than_seven_days()
    {
        Assert.Throws<ArgumentException>(() => TrustListJws.Create(Pki.TrustList, Pki.Root, Pki.Root.GetECDsaPrivateKey()!, 1, Pki.Now, Pki.Now.AddDays(8)));
    }

    [Theory]
    [InlineData("payload")]
    [InlineData("signature")]
    [InlineData("alg")]
    [InlineData("pin")]
    [InlineData("typ")]
    public void Tampering_is_refused(string what)
    {
        var parts = Jws(3).Split('.');
        switch (what)
        {
            case "payload":
                var payload = JsonNode.Parse(TrustListJws.FromBase64Url(parts[1]))!;
                payload["sequence"] = 99999;
                parts[1] = TrustListJws.Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
                break;
            case "signature":
                var signature = TrustListJws.FromBase64Url(parts[2]);
                signature[^1] ^= 1;
                parts[2] = TrustListJws.Base64Url(signature);
                break;
            case "alg":
            case "typ":
                var header = JsonNode.Parse(TrustListJws.FromBase64Url(parts[0]))!;
                header[what] = what == "alg" ? "none" : "JWT";
                parts[0] = TrustListJws.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString()));
                break;
            default:
                Assert.False(Load(string.Join('.', parts), pin: TrustList.Fingerprint(Pki.ForeignRoot.RawData)).Success);
                return;
        }

        Assert.False(Load(string.Join('.', parts)).Success);
    }

    [Fact]
    public void The_legacy_json_list_is_refused_once_a_JWS_list_was_seen()
    {
        Assert.True(TrustListDocument.Load(Pki.SignedTrustListJson, Pki.RootPin, Pki.Now, null).Success);
        var refused = TrustListDocument.Load(Pki.SignedTrustListJson, Pki.RootPin, Pki.Now, 7);
        Assert.False(refused.Success);
        Assert.Contains(".jwt", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_pin_file_records_the_newest_sequence_and_then_refuses_an_older_list()
    {
        var pinFile = Path.Combine(_dir, "pin.json");
        var newer = Path.Combine(_dir, "newer.jwt");
        var older = Path.Combine(_dir, "older.jwt");
        await File.WriteAllTextAsync(newer, Jws(20));
        await File.WriteAllTextAsync(older, Jws(19));
        var url = Seals.QrUrl(Pki.Active, Pki.Now.AddDays(-1), Pki.Now.AddDays(300));

        Assert.Equal(0, (await Run("verify", url, "--trust-list", newer, "--pin", Pki.RootPin, "--pin-file", pinFile)).Exit);
        Assert.Equal(new TrustListPin(Pki.RootPin, 20), TrustListPin.Read(pinFile));
        Assert.Equal(0, (await Run("verify", url, "--trust-list", newer, "--pin-file", pinFile)).Exit);

        var replay = await Run("verify", url, "--trust-list", older, "--pin-file", pinFile);
        Assert.Equal(2, replay.Exit);
        Assert.Contains("sequence 19", replay.Err, StringComparison.Ordinal);
        var legacy = Path.Combine(_dir, "legacy.json");
        await File.WriteAllBytesAsync(legacy, Pki.SignedTrustListJson);
        Assert.Equal(2, (await Run("verify", url, "--trust-list", legacy, "--pin-file", pinFile)).Exit);
        Assert.Equal(20, TrustListPin.Read(pinFile)!.Sequence);
    }

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, new HttpClient(new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound))), Pki.Clock());
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
