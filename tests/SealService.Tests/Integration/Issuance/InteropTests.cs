using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Issuance;

/// <summary>
/// Freshly issued artifacts checked by verifiers that others wrote (tests/interop: npm jose, @auth0/cose, cbor; openssl),
/// so the public contract holds for tools we do not control.
/// </summary>
public sealed class InteropTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sealservice-interop-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Auth0_cose_verifies_the_QR_code_and_a_plain_CBOR_decoder_reads_sub_exp_and_iat()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var url = SealPayload.Parse(certificate.Payload).VerificationUrl;
        var issuing = await IssuingCertificatePemAsync(certificate.KeyId);

        var result = await Interop.NodeAsync("verify-qr.mjs", url, issuing);
        Assert.True(result.ExitCode == 0, result.Error);
        using var claims = JsonDocument.Parse(result.Output);
        Assert.Equal(certificate.Serial.Replace("-", "", StringComparison.Ordinal), claims.RootElement.GetProperty("sub").GetString());
        Assert.Equal(certificate.ValidUntil.ToUnixTimeSeconds(), claims.RootElement.GetProperty("exp").GetInt64());
        Assert.Equal(certificate.IssuedAt.ToUnixTimeSeconds(), claims.RootElement.GetProperty("iat").GetInt64());
        Assert.Equal("seals.example.org", claims.RootElement.GetProperty("iss").GetString());
        Assert.Equal(certificate.ProgramId, claims.RootElement.GetProperty("seal")[0].GetString());

        Assert.True(QrToken.TryExtractToken(url, out var token));
        var cose = QrToken.Decode(token);
        cose[^5] ^= 0x01;
        var tampered = await Interop.NodeAsync("verify-qr.mjs", QrToken.Encode(cose), issuing);
        Assert.NotEqual(0, tampered.ExitCode);
    }

    [Fact]
    public async Task Jose_verifies_the_trust_list_JWS_against_the_published_root()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri("/.well-known/seal-trust-list.jwt", UriKind.Relative));
        Assert.Equal("application/jwt", response.Content.Headers.ContentType?.MediaType);
        var jws = await response.Content.ReadAsStringAsync();
        var jwsFile = Path.Combine(_work, "trust-list.jwt");
        var rootFile = Path.Combine(_work, "root.pem");
        await File.WriteAllTextAsync(jwsFile, jws);
        await File.WriteAllTextAsync(rootFile, await client.GetStringAsync(new Uri("/.well-known/seal-root.pem", UriKind.Relative)));

        var result = await Interop.NodeAsync("verify-jwt.mjs", jwsFile, rootFile, "ES384", TrustListJws.Type);
        Assert.True(result.ExitCode == 0, result.Error);
        using var payload = JsonDocument.Parse(result.Output);
        Assert.True(payload.RootElement.GetProperty("sequence").GetInt64() > 0);
        var lifetime = payload.RootElement.GetProperty("exp").GetInt64() - payload.RootElement.GetProperty("iat").GetInt64();
        Assert.InRange(lifetime, 1, (long)TrustListJws.MaxLifetime.TotalSeconds);
        Assert.Equal("https://seals.example.org", payload.RootElement.GetProperty("trustList").GetProperty("serviceUrl").GetString());

        var parts = jws.Split('.');
        var tampered = Path.Combine(_work, "tampered.jwt");
        await File.WriteAllTextAsync(tampered, parts[0] + "." + parts[1].Replace('A', 'B') + "." + parts[2]);
        Assert.NotEqual(0, (await Interop.NodeAsync("verify-jwt.mjs", tampered, rootFile, "ES384", TrustListJws.Type)).ExitCode);
    }

    [Fact]
    public async Task After_a_revocation_the_status_list_bit_is_set_within_a_second_and_offline_verifier_jose_and_landing_page_agree()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        Assert.Equal(BitstringStatusList.IndexOf(certificate.Serial), certificate.StatusIndex);
        var client = factory.CreateClient();
        var url = new Uri("/status/revocation/1", UriKind.Relative);
        Assert.False((await LoadListAsync(client, url)).IsSet(certificate.Serial));

        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<SealService.Data.AppDbContext>();
            var stored = await db.Certificates.SingleAsync(c => c.Id == certificate.Id);
            stored.Revoke(SealService.Domain.StatusChangeReason.FalseDeclaration, "Development is not in Germany.", certifier, factory.Time.GetUtcNow());
            await db.SaveChangesAsync();
        });
        factory.Time.Advance(TimeSpan.FromSeconds(1));

        var response = await client.GetAsync(url);
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.MaxAge <= TimeSpan.FromSeconds(5));
        Assert.NotNull(response.Headers.ETag);
        var jws = await response.Content.ReadAsStringAsync();
        var list = BitstringStatusList.Load(jws, factory.Services.GetRequiredService<ITrustListSource>().GetTrustList(), factory.Time.GetUtcNow());
        Assert.True(list.List!.IsSet(certificate.Serial));

        // An offline verifier with the fresh list (no per-seal call) says revoked.
        var trust = factory.Services.GetRequiredService<ITrustListSource>().GetTrustList();
        var offline = new SealVerification(trust, factory.Time, new StatusListStatusSource(list.List, null));
        var payload = SealPayload.Parse(certificate.Payload);
        Assert.Equal(Verdict.Revoked, (await offline.VerifyQrAsync(payload.VerificationUrl)).Verdict);

        // jose checks the list: ES256 by the issuing key named in kid, vc+jwt, x5c starting with the issuing certificate.
        var file = Path.Combine(_work, "revocation.jwt");
        await File.WriteAllTextAsync(file, jws);
        var checkedByJose = await Interop.NodeAsync("verify-jwt.mjs", file, await IssuingCertificatePemAsync(certificate.KeyId), "ES256", BitstringStatusList.JoseType);
        Assert.True(checkedByJose.ExitCode == 0, checkedByJose.Error);
        using var credential = JsonDocument.Parse(checkedByJose.Output);
        Assert.Equal("revocation", credential.RootElement.GetProperty("credentialSubject").GetProperty("statusPurpose").GetString());
        Assert.Equal("https://seals.example.org/status/revocation/1", credential.RootElement.GetProperty("id").GetString());

        // The landing page says revoked and how fresh that status is.
        Assert.True(QrToken.TryExtractToken(payload.VerificationUrl, out var token));
        var page = await client.GetStringAsync(new Uri("/V/" + token, UriKind.Relative));
        Assert.Contains("data-verdict=\"revoked\"", page, StringComparison.Ordinal);
        Assert.Contains("id=\"status-freshness\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jose_verifies_the_wallet_credential_an_OpenBadgeCredential_with_both_status_entries_and_a_kid_in_the_trust_list()
    {
        var (application, organization, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var response = await factory.CreateClient().GetAsync(new Uri($"/api/v1/certificates/{certificate.Serial}/credential", UriKind.Relative));
        Assert.Equal("application/vc+jwt", response.Content.Headers.ContentType?.MediaType);
        var jws = await response.Content.ReadAsStringAsync();
        // The credential signed and self-checked by the issuance pipeline, as stored with the certificate.
        Assert.Equal(certificate.Credential, jws);
        var file = Path.Combine(_work, "credential.jwt");
        await File.WriteAllTextAsync(file, jws);

        var trust = factory.Services.GetRequiredService<ITrustListSource>().GetTrustList();
        var header = JsonDocument.Parse(Convert.FromBase64String(Pad(jws.Split('.')[0]))).RootElement;
        var kid = header.GetProperty("kid").GetString()!;
        Assert.NotNull(trust.FindKey(kid));
        Assert.Equal(trust.RootCertificate, header.GetProperty("x5c")[1].GetString());
        var result = await Interop.NodeAsync("verify-jwt.mjs", file, await IssuingCertificatePemAsync(kid), "ES256", BitstringStatusList.JoseType);
        Assert.True(result.ExitCode == 0, result.Error);

        using var credential = JsonDocument.Parse(result.Output);
        var root = credential.RootElement;
        Assert.Contains("OpenBadgeCredential", root.GetProperty("type").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(SealService.Issuance.SealCredential.Context, root.GetProperty("@context")[1].GetString());
        Assert.Equal(certificate.ValidUntil, DateTimeOffset.Parse(root.GetProperty("validUntil").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        var subject = root.GetProperty("credentialSubject");
        Assert.Equal(organization.LegalName, subject.GetProperty("identifier")[0].GetProperty("identityHash").GetString());
        Assert.Equal("Software Made in Germany", subject.GetProperty("achievement").GetProperty("name").GetString());
        var statuses = root.GetProperty("credentialStatus").EnumerateArray().ToList();
        Assert.Equal(["revocation", "suspension"], statuses.Select(e => e.GetProperty("statusPurpose").GetString()));
        Assert.All(statuses, e => Assert.Equal(certificate.StatusIndex?.ToString(System.Globalization.CultureInfo.InvariantCulture), e.GetProperty("statusListIndex").GetString()));
        Assert.True(BitstringStatusList.TryVerifyCredential(jws, trust, factory.Time.GetUtcNow(), out _, out var error), error);
    }

    [Fact]
    public async Task Openssl_accepts_a_freshly_issued_seal_the_day_before_it_expires_and_its_issuing_certificate_passes_the_CRL_check()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var client = factory.CreateClient();
        var payload = Path.Combine(_work, "payload.json");
        var signature = Path.Combine(_work, "signature.der");
        var root = Path.Combine(_work, "root.pem");
        var crl = Path.Combine(_work, "root.crl.pem");
        await File.WriteAllBytesAsync(payload, await client.GetByteArrayAsync(new Uri($"/api/v1/certificates/{certificate.Serial}/payload", UriKind.Relative)));
        await File.WriteAllBytesAsync(signature, await client.GetByteArrayAsync(new Uri($"/api/v1/certificates/{certificate.Serial}/signature", UriKind.Relative)));
        await File.WriteAllTextAsync(root, await client.GetStringAsync(new Uri("/.well-known/seal-root.pem", UriKind.Relative)));
        var der = await client.GetByteArrayAsync(new Uri("/.well-known/seal-root.crl", UriKind.Relative));
        await File.WriteAllTextAsync(crl, System.Security.Cryptography.PemEncoding.WriteString("X509 CRL", der));

        var dayBefore = certificate.ValidUntil.AddDays(-1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var cms = await ExternalTool.RunAsync("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", payload,
            "-CAfile", root, "-purpose", "any", "-attime", dayBefore, "-out", "/dev/null");
        Assert.True(cms.ExitCode == 0, cms.Error);

        var issuing = await IssuingCertificatePemAsync(certificate.KeyId);
        var crlCheck = await ExternalTool.RunAsync("openssl", "verify", "-crl_check", "-CAfile", root, "-CRLfile", crl, issuing);
        Assert.True(crlCheck.ExitCode == 0, crlCheck.Output + crlCheck.Error);
    }

    [Theory]
    [InlineData("/.well-known/seal-trust-list.jwt")]
    [InlineData("/.well-known/seal-root.crl")]
    [InlineData("/status/{purpose}/{list}")]
    [InlineData("/api/v1/certificates/{serial}/credential")]
    public async Task The_OpenAPI_document_lists_the_new_artifacts(string path)
    {
        using var document = JsonDocument.Parse(await factory.CreateClient().GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)));
        Assert.True(document.RootElement.GetProperty("paths").TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text + new string('=', (4 - (text.Length % 4)) % 4);
    }

    private async Task<LoadedStatusList> LoadListAsync(HttpClient client, Uri url)
    {
        var jws = await client.GetStringAsync(url);
        var loaded = BitstringStatusList.Load(jws, factory.Services.GetRequiredService<ITrustListSource>().GetTrustList(), factory.Time.GetUtcNow());
        return loaded.List ?? throw new InvalidOperationException(loaded.Error);
    }

    private async Task<string> IssuingCertificatePemAsync(string keyId)
    {
        var list = factory.Services.GetRequiredService<ITrustListSource>().GetTrustList();
        using var certificate = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(list.FindKey(keyId)!.Certificate));
        var file = Path.Combine(_work, $"issuing-{keyId}.pem");
        await File.WriteAllTextAsync(file, certificate.ExportCertificatePem());
        return file;
    }
}

/// <summary>Runs the node scripts in tests/interop (their packages are pinned in its package-lock.json; test.sh runs npm ci).</summary>
internal static class Interop
{
    public static string Directory { get; } = Find();

    public static Task<(int ExitCode, string Output, string Error)> NodeAsync(string script, params string[] arguments)
    {
        Assert.True(System.IO.Directory.Exists(Path.Combine(Directory, "node_modules")),
            $"Run 'npm ci' in {Directory} first (./test.sh does it).");
        return ExternalTool.RunAsync("node", [Path.Combine(Directory, script), .. arguments]);
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "interop");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("tests/interop not found above " + AppContext.BaseDirectory);
    }
}
