using System.Net;
using System.Text;
using System.Text.Json;
using SealVerifier.Cli;

namespace SealVerifier.Tests;

public sealed class CliTests : IDisposable
{
    private static readonly TestPki Pki = TestPki.Instance;
    private readonly string _dir = Directory.CreateTempSubdirectory("sealverify-cli-").FullName;
    private readonly string _trustList;

    public CliTests()
    {
        _trustList = Path.Combine(_dir, "trust-list.json");
        File.WriteAllBytes(_trustList, Pki.SignedTrustListJson);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> Run(HttpClient? http, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr, http ?? new HttpClient(new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound))), Pki.Clock());
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Valid_QR_exits_zero()
    {
        var claims = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        var (exit, output, _) = await Run(null, "verify", Seals.QrUrl(claims, Pki.Active), "--trust-list", _trustList, "--pin", Pki.RootPin);
        Assert.Equal(0, exit);
        Assert.Contains("VALID", output, StringComparison.Ordinal);
        Assert.Contains(Seals.HolderMax, output, StringComparison.Ordinal);
        Assert.Contains(claims.Serial, output, StringComparison.Ordinal);
        Assert.Contains(KeyId.FromCertificate(Pki.Active), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_detached_with_JSON_output_exits_zero()
    {
        var (payload, signature) = Seals.Detached(Pki.Active, Pki.Now.AddDays(-1), Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        var payloadFile = Path.Combine(_dir, "payload.json");
        var signatureFile = Path.Combine(_dir, "signature.der");
        await File.WriteAllBytesAsync(payloadFile, payload);
        await File.WriteAllBytesAsync(signatureFile, signature);
        var (exit, output, _) = await Run(null, "verify", payloadFile, signatureFile, "--trust-list", _trustList, "--json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("Valid", json.RootElement.GetProperty("verdict").GetString());
        Assert.True(json.RootElement.GetProperty("isValid").GetBoolean());
        Assert.Equal("Beispiel Software GmbH", json.RootElement.GetProperty("holder").GetString());
    }

    [Fact]
    public async Task Online_revoked_exits_one_and_asks_the_service_from_the_trust_list()
    {
        var claims = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        var handler = new FakeHttpHandler(request => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StringContent($$"""{"serial":"{{claims.Serial}}","status":"revoked","statusSince":"2026-01-02T03:04:05Z","statusReason":"Criteria no longer met."}""", Encoding.UTF8, "application/json"),
        });
        using var http = new HttpClient(handler);
        var (exit, output, _) = await Run(http, "verify", Seals.QrUrl(claims, Pki.Active), "--trust-list", _trustList, "--online", "--json");
        Assert.Equal(1, exit);
        Assert.Equal(new Uri($"{TestPki.ServiceUrl}/api/v1/certificates/{claims.Serial}"), Assert.Single(handler.Requests));
        using var json = JsonDocument.Parse(output);
        Assert.Equal("Revoked", json.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Online_unknown_serial_exits_one()
    {
        var (exit, output, _) = await Run(null, "verify", Seals.QrUrl(Pki.Active, Pki.Now.AddDays(-1), Pki.Now.AddDays(300)), "--trust-list", _trustList, "--online");
        Assert.Equal(1, exit);
        Assert.Contains("NOT GENUINE", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Garbage_is_malformed_without_a_stack_trace()
    {
        var (exit, output, error) = await Run(null, "verify", "https://seals.example.org/V/NOTATOKEN", "--trust-list", _trustList);
        Assert.Equal(1, exit);
        Assert.Contains("MALFORMED", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("frobnicate")]
    [InlineData("verify")]
    [InlineData("verify", "https://seals.example.org/V/AAAA")]
    [InlineData("verify", "a", "b", "c", "--trust-list", "x")]
    [InlineData("verify", "https://seals.example.org/V/AAAA", "--trust-list")]
    [InlineData("verify", "https://seals.example.org/V/AAAA", "--trust-list", "/nonexistent/trust.json")]
    [InlineData("verify", "https://seals.example.org/V/AAAA", "--bogus")]
    [InlineData("verify", "/nonexistent/payload.json", "/nonexistent/sig.der", "--trust-list", "TRUSTLIST")]
    [InlineData("trust-list", "fetch", "--url", "https://seals.example.org/.well-known/seal-trust-list.json")]
    [InlineData("trust-list", "fetch", "--pin", "sha256:00")]
    public async Task Usage_errors_exit_two(params string[] args)
    {
        var (exit, output, error) = await Run(null, [.. args.Select(a => a == "TRUSTLIST" ? _trustList : a)]);
        Assert.Equal(2, exit);
        Assert.Contains("error:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_pin_exits_two_for_verify()
    {
        var (exit, _, error) = await Run(null, "verify", "https://seals.example.org/V/AAAA", "--trust-list", _trustList, "--pin", "sha256:" + new string('0', 64));
        Assert.Equal(2, exit);
        Assert.Contains("pinned", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_exits_zero()
    {
        var (exit, output, _) = await Run(null, "--help");
        Assert.Equal(0, exit);
        Assert.Contains("trust-list fetch", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 0)]
    [InlineData(false, 1)]
    public async Task Trust_list_fetch_checks_the_pin(bool rightPin, int expectedExit)
    {
        using var http = new HttpClient(new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(Pki.SignedTrustListJson) }));
        var output = Path.Combine(_dir, "fetched.json");
        var pin = rightPin ? Pki.RootPin : TrustList.Fingerprint(Pki.ForeignRoot.RawData);
        var (exit, _, _) = await Run(http, "trust-list", "fetch", "--url", "https://seals.example.org/.well-known/seal-trust-list.json", "--pin", pin, "--out", output);
        Assert.Equal(expectedExit, exit);
        Assert.Equal(rightPin, File.Exists(output));
    }
}
