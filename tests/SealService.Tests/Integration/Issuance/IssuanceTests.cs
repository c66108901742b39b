using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PdfSharp.Pdf.IO;

using SealVerifier;
using Xunit.Abstractions;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Issuance;

public sealed class IssuanceTests(SealServiceFactory factory, ITestOutputHelper output) : IClassFixture<SealServiceFactory>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sealservice-issuance-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public async Task Approval_issues_one_signed_certificate_and_marks_the_application_issued()
    {
        var (application, organization, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        await factory.WithScopeAsync(sp => sp.GetRequiredService<IApprovalFollowUp>().OnApprovedAsync(application.Id, certifier, CancellationToken.None));

        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var certificate = await db.Certificates.SingleAsync(c => c.ApplicationId == application.Id);
            var stored = await db.Applications.SingleAsync(a => a.Id == application.Id);
            Assert.Equal(ApplicationStatus.Issued, stored.Status);
            Assert.StartsWith("SMIG-", certificate.Serial, StringComparison.Ordinal);
            Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "certificate.issued" && e.EntityId == certificate.Id.ToString()));

            var payload = SealPayload.Parse(certificate.Payload);
            Assert.Equal(organization.LegalName, payload.Holder.Name);
            Assert.Equal("HRB", payload.Holder.RegistrationNumber[..3]);
            Assert.Equal("Software Made in Germany", payload.Program.Name);
            Assert.Equal(stored.CatalogDigest, payload.Program.CatalogDigest);
            Assert.Contains(stored.ProductName, payload.Scope, StringComparison.Ordinal);
            Assert.StartsWith("Das Softwareprodukt", payload.Scope, StringComparison.Ordinal);
            Assert.Equal(payload.IssuedAt.AddMonths(12), payload.ValidUntil);
            Assert.Contains("SMIG-HQ", payload.CriteriaMet);
            Assert.StartsWith("HTTPS://SEALS.EXAMPLE.ORG/V/", payload.VerificationUrl, StringComparison.Ordinal);
            Assert.Equal(certificate.Payload, payload.ToCanonicalJson());

            var trustList = sp.GetRequiredService<ITrustListSource>().GetTrustList();
            var verification = new SealVerification(trustList, factory.Time);
            Assert.Equal(Verdict.Valid, (await verification.VerifyDetachedAsync(certificate.Payload, certificate.CmsSignature)).Verdict);
            Assert.Equal(Verdict.Valid, (await verification.VerifyQrAsync(payload.VerificationUrl)).Verdict);
        });

        var again = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        Assert.Equal(1, await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.CountAsync(c => c.ApplicationId == application.Id)));
        Assert.Equal(application.Id, again.ApplicationId);
    }

    [Fact]
    public async Task Openssl_verifies_the_downloaded_payload_and_signature_and_rejects_a_flipped_byte()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var client = factory.CreateClient();

        var payloadResponse = await client.GetAsync(new Uri($"/api/v1/certificates/{certificate.Serial}/payload", UriKind.Relative));
        Assert.Equal("application/json", payloadResponse.Content.Headers.ContentType?.MediaType);
        var payload = await payloadResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(certificate.Payload, payload);
        var signatureResponse = await client.GetAsync(new Uri($"/api/v1/certificates/{certificate.Serial}/signature", UriKind.Relative));
        Assert.Equal("application/pkcs7-signature", signatureResponse.Content.Headers.ContentType?.MediaType);
        var signature = await signatureResponse.Content.ReadAsByteArrayAsync();
        var root = await client.GetStringAsync(new Uri("/.well-known/seal-root.pem", UriKind.Relative));

        var payloadFile = Path.Combine(_work, "payload.json");
        var signatureFile = Path.Combine(_work, "sig.der");
        var rootFile = Path.Combine(_work, "root.pem");
        await File.WriteAllBytesAsync(payloadFile, payload);
        await File.WriteAllBytesAsync(signatureFile, signature);
        await File.WriteAllTextAsync(rootFile, root);
        string[] verify = ["cms", "-verify", "-binary", "-inform", "DER", "-in", signatureFile, "-content", payloadFile, "-CAfile", rootFile, "-purpose", "any", "-out", "/dev/null"];

        var genuine = await ExternalTool.RunAsync("openssl", verify);
        Assert.True(genuine.ExitCode == 0, genuine.Error);

        payload[payload.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(payloadFile, payload);
        var tampered = await ExternalTool.RunAsync("openssl", verify);
        Assert.NotEqual(0, tampered.ExitCode);
    }

    [Fact]
    public async Task The_QR_code_decodes_to_the_exact_verification_url_within_version_10()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory, "rwts");
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var url = SealPayload.Parse(certificate.Payload).VerificationUrl;
        var client = factory.CreateClient();
        var png = await client.GetByteArrayAsync(new Uri($"/certificates/{certificate.Serial}/qr.png", UriKind.Relative));
        var file = Path.Combine(_work, "qr.png");
        await File.WriteAllBytesAsync(file, png);

        var decoded = await ExternalTool.RunAsync("zbarimg", "--raw", "-q", file);
        Assert.Equal(0, decoded.ExitCode);
        Assert.Equal(url, decoded.Output.Trim());
        var version = SealQrCode.Version(url);
        output.WriteLine($"QR version {version} (level M) for {url.Length} characters: {url}");
        Assert.InRange(version, 1, 10);

        var svg = await client.GetStringAsync(new Uri($"/certificates/{certificate.Serial}/qr.svg", UriKind.Relative));
        Assert.StartsWith("<svg", svg.TrimStart().Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "", StringComparison.Ordinal).TrimStart(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_printable_certificate_is_a_one_page_pdf_naming_the_holder()
    {
        var (application, organization, _, certifier) = await IssuedCertificates.ApprovedAsync(factory, "shig");
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var response = await factory.CreateClient().GetAsync(new Uri($"/certificates/{certificate.Serial}/certificate.pdf", UriKind.Relative));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var pdf = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        using (var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import))
        {
            Assert.Equal(1, document.PageCount);
        }

        var file = Path.Combine(_work, "certificate.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var text = await ExternalTool.RunAsync("pdftotext", file, "-");
        Assert.Equal(0, text.ExitCode);
        var flat = string.Join(' ', text.Output.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(organization.LegalName, flat, StringComparison.Ordinal);
        Assert.Contains(certificate.Serial, flat, StringComparison.Ordinal);
        Assert.Contains("Gültig", flat, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_badge_follows_the_live_status_and_is_revalidated_by_caches()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var client = factory.CreateClient();
        var badgeUrl = new Uri($"/certificates/{certificate.Serial}/badge.svg", UriKind.Relative);
        var response = await client.GetAsync(badgeUrl);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache == true && response.Headers.ETag is not null);
        Assert.Contains("gültig bis", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var stored = await db.Certificates.SingleAsync(c => c.Id == certificate.Id);
            stored.Suspend(StatusChangeReason.FeeNotPaid, "Invoice open.", certifier, factory.Time.GetUtcNow());
            await db.SaveChangesAsync();
        });
        Assert.Contains("ausgesetzt", await client.GetStringAsync(badgeUrl), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_trust_list_is_signed_by_the_published_root_and_lists_the_signing_key()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var client = factory.CreateClient();
        var document = await client.GetByteArrayAsync(new Uri("/.well-known/seal-trust-list.json", UriKind.Relative));
        var rootPem = await client.GetStringAsync(new Uri("/.well-known/seal-root.pem", UriKind.Relative));
        using var root = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(rootPem);
        var loaded = SignedTrustList.Load(document, TrustList.Fingerprint(root.RawData));
        Assert.True(loaded.Success, loaded.Error);
        Assert.Equal("https://seals.example.org", loaded.TrustList.ServiceUrl);
        var key = loaded.TrustList.FindKey(certificate.KeyId);
        Assert.Equal(TrustedKey.Active, key?.State);
    }

    [Fact]
    public async Task Issuing_certificates_follow_the_document_signing_profile_and_name_the_root_CRL()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var client = factory.CreateClient();
        var trustList = factory.Services.GetRequiredService<ITrustListSource>().GetTrustList();
        using var issuing = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(trustList.FindKey(certificate.KeyId)!.Certificate));
        using var root = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(Convert.FromBase64String(trustList.RootCertificate));
        foreach (var subject in new[] { issuing.SubjectName, root.SubjectName })
        {
            Assert.Contains("C=DE", subject.Name, StringComparison.Ordinal);
            Assert.Contains("O=" + trustList.Issuer, subject.Name, StringComparison.Ordinal);
        }

        var eku = issuing.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509EnhancedKeyUsageExtension>().Single();
        Assert.Equal(FileKeyStore.DocumentSigningEku, Assert.Single(eku.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()).Value);
        var distribution = issuing.Extensions.Single(e => e.Oid?.Value == "2.5.29.31");
        Assert.Contains("https://seals.example.org/.well-known/seal-root.crl", Encoding.ASCII.GetString(distribution.RawData), StringComparison.Ordinal);

        var response = await client.GetAsync(new Uri("/.well-known/seal-root.crl", UriKind.Relative));
        Assert.Equal("application/pkix-crl", response.Content.Headers.ContentType?.MediaType);
        var crlFile = Path.Combine(_work, "root.crl");
        await File.WriteAllBytesAsync(crlFile, await response.Content.ReadAsByteArrayAsync());
        var parsed = await ExternalTool.RunAsync("openssl", "crl", "-inform", "DER", "-in", crlFile, "-noout", "-issuer");
        Assert.True(parsed.ExitCode == 0, parsed.Error);
        Assert.Contains(trustList.Issuer, parsed.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/v1/certificates/SMIG-0000-0000-0/payload")]
    [InlineData("/api/v1/certificates/not-a-serial/signature")]
    [InlineData("/certificates/SMIG-0000-0000-0/qr.png")]
    [InlineData("/certificates/SHIG-0000-0000-0/badge.svg")]
    public async Task Unknown_serials_answer_404_problem_json(string url)
    {
        var response = await factory.CreateClient().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_renewal_supersedes_the_previous_certificate_in_the_same_transaction()
    {
        var (first, organization, applicant, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var previous = await IssuedCertificates.IssueAsync(factory, first.Id, certifier);
        var (renewal, _, _, renewalCertifier) = await IssuedCertificates.ApprovedAsync(factory, renews: previous.Id, organization: organization, applicant: applicant);
        var renewed = await IssuedCertificates.IssueAsync(factory, renewal.Id, renewalCertifier);
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            Assert.Equal(CertificateStatus.Superseded, (await db.Certificates.SingleAsync(c => c.Id == previous.Id)).Status);
            Assert.Equal(CertificateStatus.Active, (await db.Certificates.SingleAsync(c => c.Id == renewed.Id)).Status);
        });
    }

    [Fact]
    public async Task Only_members_of_the_holder_organization_see_the_certificate_page()
    {
        var (application, _, applicant, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var member = factory.CreateBrowserClient();
        await member.SignInAsync(applicant.Email!);
        var page = await member.GetDocumentAsync($"/Apply/Certificate/{certificate.Serial}");
        Assert.Contains(certificate.Serial, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"a[href='/certificates/{certificate.Serial}/certificate.pdf']"));
        Assert.Contains("badge.svg", page.QuerySelector("#badge-snippet")!.TextContent, StringComparison.Ordinal);

        var stranger = await factory.CreateUserAsync(Roles.Applicant, Organization.Create(new OrganizationProfile("Fremd GmbH", "GmbH", "HRB 1", "DE", "", "", "", null, "", "", false), factory.Time.GetUtcNow()));
        var other = factory.CreateBrowserClient();
        await other.SignInAsync(stranger.Email!);
        var response = await other.GetAsync(new Uri($"/Apply/Certificate/{certificate.Serial}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task An_application_that_is_not_approved_is_refused_and_nothing_is_stored()
    {
        var (_, organization, applicant, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var draftId = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var org = await db.Organizations.SingleAsync(o => o.Id == organization.Id);
            var catalog = sp.GetRequiredService<SealService.Programs.SealProgramCatalog>().FindProgram("smig")!.Current;
            var draft = SealApplication.Start(org, catalog, new ProductInfo("Entwurf", "1", null, null), DomainShortcuts.ActorFor(applicant, Roles.Applicant), factory.Time.GetUtcNow());
            db.Applications.Add(draft);
            await db.SaveChangesAsync();
            return draft.Id;
        });
        var refused = await Assert.ThrowsAsync<DomainRuleViolation>(() => IssuedCertificates.IssueAsync(factory, draftId, certifier));
        Assert.Contains("Only an approved application", refused.Message, StringComparison.Ordinal);
        Assert.False(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AnyAsync(c => c.ApplicationId == draftId)));
        var missing = await Assert.ThrowsAsync<DomainRuleViolation>(() => IssuedCertificates.IssueAsync(factory, Guid.NewGuid(), certifier));
        Assert.Contains("does not exist", missing.Message, StringComparison.Ordinal);
    }
}
