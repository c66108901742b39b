using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Issuance;
using SealService.Programs;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Renewal;

public sealed class RenewalJourneyTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private static Guid ApplicationIdFrom(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/Apply/Application/", location, StringComparison.Ordinal);
        return Guid.Parse(location["/Apply/Application/".Length..]);
    }

    private async Task<(IssuedScenario Scenario, HttpClient Client, Guid RenewalId)> RenewedAsync(bool withExpiredEvidence = false)
    {
        var scenario = await RenewalScenario.IssuedAsync(factory, withExpiredEvidence);
        await RenewalScenario.MoveIntoRenewalWindow(factory, scenario);
        var client = await factory.CreateBrowserClient().SignInAsync(scenario.Applicant.Email!);
        var response = await client.SubmitFormAsync($"/Apply/Certificate/{scenario.Certificate.Serial}", new Dictionary<string, string>(), "#renew-form");
        return (scenario, client, ApplicationIdFrom(response));
    }

    [Fact]
    public async Task Renew_on_the_certificate_page_starts_a_prefilled_draft_under_the_current_catalog_without_evidence()
    {
        var (scenario, client, renewalId) = await RenewedAsync();

        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var current = sp.GetRequiredService<SealProgramCatalog>().FindProgram("smig")!.Current;
            var old = await db.Applications.Include(a => a.Declarations).SingleAsync(a => a.Id == scenario.ApplicationId);
            var renewal = await db.Applications.Include(a => a.Declarations).Include(a => a.Evidence).SingleAsync(a => a.Id == renewalId);
            Assert.Equal(scenario.Certificate.Id, renewal.RenewsCertificateId);
            Assert.Equal(ApplicationStatus.Draft, renewal.Status);
            Assert.Equal(current.Version, renewal.CatalogVersion);
            Assert.Equal(current.Digest, renewal.CatalogDigest);
            Assert.Equal(old.ProductName, renewal.ProductName);
            Assert.Equal(old.ProductWebsite, renewal.ProductWebsite);
            Assert.Equal(scenario.Organization.Id, renewal.OrganizationId);
            Assert.All(old.Declarations, d => Assert.Equal(d.Explanation, renewal.Declarations.Single(r => r.CriterionId == d.CriterionId).Explanation));
            Assert.Empty(renewal.Evidence);
            Assert.True(await db.AuditLog.AnyAsync(e => e.Action == "application.renewal-started" && e.EntityId == renewalId.ToString()));
        });

        var application = await client.GetDocumentAsync($"/Apply/Application/{renewalId}");
        Assert.Contains("Erneuerbar Suite", application.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(scenario.Certificate.Serial, application.QuerySelector("#renewal-notice")!.TextContent, StringComparison.Ordinal);
        var certificatePage = await client.GetDocumentAsync($"/Apply/Certificate/{scenario.Certificate.Serial}");
        Assert.Null(certificatePage.QuerySelector("#renew-form"));
        Assert.Equal($"/Apply/Application/{renewalId}", certificatePage.QuerySelector("#renewal-in-progress a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task A_second_renewal_of_the_same_certificate_is_refused_with_a_message()
    {
        var (scenario, client, renewalId) = await RenewedAsync();
        var list = await client.GetDocumentAsync("/Apply");
        var row = list.QuerySelector($"tr.certificate-row[data-serial='{scenario.Certificate.Serial}']")!;
        Assert.Null(row.QuerySelector("form.renew-form"));
        Assert.Equal($"/Apply/Application/{renewalId}", row.QuerySelector("a.continue-renewal")!.GetAttribute("href"));

        var response = await client.PostAsync(new Uri($"/Apply/Certificate/{scenario.Certificate.Serial}?handler=Renew", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", list.AntiforgeryToken()!)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        Assert.Contains("already in progress", page.QuerySelector(".notice.error")!.TextContent, StringComparison.Ordinal);
        var renewals = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.CountAsync(a => a.RenewsCertificateId == scenario.Certificate.Id));
        Assert.Equal(1, renewals);
    }

    [Fact]
    public async Task The_application_list_offers_renew_and_starts_the_renewal()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var early = await (await factory.CreateBrowserClient().SignInAsync(scenario.Applicant.Email!)).GetDocumentAsync("/Apply");
        Assert.Null(early.QuerySelector($"tr[data-serial='{scenario.Certificate.Serial}'] form.renew-form"));
        Assert.NotNull(early.QuerySelector($"tr[data-serial='{scenario.Certificate.Serial}'] .renewal-opens"));
        await RenewalScenario.MoveIntoRenewalWindow(factory, scenario);
        var client = await factory.CreateBrowserClient().SignInAsync(scenario.Applicant.Email!);
        var response = await client.SubmitFormAsync("/Apply", new Dictionary<string, string>(), $"tr[data-serial='{scenario.Certificate.Serial}'] form.renew-form");
        var renewalId = ApplicationIdFrom(response);
        var renewal = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.SingleAsync(a => a.Id == renewalId));
        Assert.Equal(scenario.Certificate.Id, renewal.RenewsCertificateId);
    }

    [Fact]
    public async Task Another_organization_cannot_renew_or_see_the_certificate()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var other = await RenewalScenario.IssuedAsync(factory);
        var client = await factory.CreateBrowserClient().SignInAsync(other.Applicant.Email!);
        var own = await client.GetDocumentAsync("/Apply");

        var response = await client.PostAsync(new Uri($"/Apply/Certificate/{scenario.Certificate.Serial}?handler=Renew", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", own.AntiforgeryToken()!)]));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(own.QuerySelector($"tr[data-serial='{scenario.Certificate.Serial}']"));
        Assert.False(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AnyAsync(a => a.RenewsCertificateId == scenario.Certificate.Id)));
    }

    [Fact]
    public async Task Old_evidence_is_offered_per_criterion_and_reuse_copies_the_file_under_a_new_name_with_the_same_digest()
    {
        var (scenario, client, renewalId) = await RenewedAsync(withExpiredEvidence: true);
        var criterionId = scenario.ExpiredEvidence!.CriterionId;
        var pageUrl = $"/Apply/Application/{renewalId}/Criterion/{criterionId}";
        var page = await client.GetDocumentAsync(pageUrl);
        var offered = page.QuerySelectorAll("#previous-evidence li.previous-evidence");
        Assert.Equal(2, offered.Length);
        var expiredItem = offered.Single(li => li.GetAttribute("data-evidence-id") == scenario.ExpiredEvidence.Id.ToString());
        Assert.Null(expiredItem.QuerySelector("button"));
        Assert.NotNull(expiredItem.QuerySelector(".tag.bad"));
        var reusable = offered.Single(li => li != expiredItem);
        var previousId = Guid.Parse(reusable.GetAttribute("data-evidence-id")!);

        var response = await client.SubmitFormAsync(page, pageUrl, new Dictionary<string, string>(), "form#declaration-form", $"li[data-evidence-id='{previousId}'] button.reuse-evidence");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var (previous, copy) = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.EvidenceFiles.SingleAsync(e => e.Id == previousId), await db.EvidenceFiles.SingleAsync(e => e.ApplicationId == renewalId));
        });
        Assert.Equal(previous.Sha256, copy.Sha256);
        Assert.Equal(previous.OriginalName, copy.OriginalName);
        Assert.Equal(criterionId, copy.CriterionId);
        Assert.NotEqual(previous.StoredName, copy.StoredName);
        var evidenceFolder = Path.Combine(factory.DataDirectory, "evidence");
        var bytes = await File.ReadAllBytesAsync(Path.Combine(evidenceFolder, copy.StoredName));
        Assert.Equal(copy.Sha256, Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.True(File.Exists(Path.Combine(evidenceFolder, previous.StoredName)));
        Assert.Empty(Directory.GetFiles(evidenceFolder, ".reuse-*"));

        var after = await client.GetDocumentAsync(pageUrl);
        Assert.Single(after.QuerySelectorAll("#evidence-list li.evidence"));
        Assert.Null(after.QuerySelector($"li[data-evidence-id='{previousId}'] form"));

        var refused = await client.PostAsync(new Uri(pageUrl + "?handler=Reuse", UriKind.Relative), new FormUrlEncodedContent(
            [new("__RequestVerificationToken", after.AntiforgeryToken()!), new("previousEvidenceId", scenario.ExpiredEvidence.Id.ToString())]));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("was valid until", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().EvidenceFiles.CountAsync(e => e.ApplicationId == renewalId)));
    }

    [Fact]
    public async Task Evidence_of_another_organization_cannot_be_reused()
    {
        var (_, client, renewalId) = await RenewedAsync();
        var stranger = await RenewalScenario.IssuedAsync(factory);
        var foreignEvidence = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().EvidenceFiles.FirstAsync(e => e.ApplicationId == stranger.ApplicationId));
        var pageUrl = $"/Apply/Application/{renewalId}/Criterion/{foreignEvidence.CriterionId}";
        var page = await client.GetDocumentAsync(pageUrl);

        var response = await client.PostAsync(new Uri(pageUrl + "?handler=Reuse", UriKind.Relative), new FormUrlEncodedContent(
            [new("__RequestVerificationToken", page.AntiforgeryToken()!), new("previousEvidenceId", foreignEvidence.Id.ToString())]));

        Assert.Contains("does not belong to the certificate you renew", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().EvidenceFiles.AnyAsync(e => e.ApplicationId == renewalId)));
    }

    [Fact]
    public async Task Issued_renewal_supersedes_the_old_certificate_and_the_verifier_says_so_for_the_old_qr_code_only()
    {
        var (scenario, client, renewalId) = await RenewedAsync();
        await RenewalScenario.ApproveAsync(factory, scenario, renewalId);
        var renewed = await factory.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuance>().IssueAsync(renewalId, scenario.Certifier, CancellationToken.None));

        var (old, fresh) = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return (await db.Certificates.SingleAsync(c => c.Id == scenario.Certificate.Id), await db.Certificates.SingleAsync(c => c.Id == renewed.Id));
        });
        Assert.Equal(CertificateStatus.Superseded, old.Status);
        Assert.Equal(CertificateStatus.Active, fresh.Status);
        Assert.NotEqual(old.Serial, fresh.Serial);

        var visitor = factory.CreateBrowserClient();
        var oldVerdict = await visitor.GetDocumentAsync("/V/" + old.QrToken);
        Assert.Equal(old.Serial, oldVerdict.QuerySelector("#serial")!.TextContent.Trim());
        Assert.Contains("A renewed certificate has replaced this one.", oldVerdict.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        var newVerdict = await visitor.GetDocumentAsync("/V/" + fresh.QrToken);
        Assert.Equal("valid", newVerdict.QuerySelector("#verdict")!.GetAttribute("data-verdict"));
        Assert.DoesNotContain("replaced this one", newVerdict.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("\"superseded\"", await visitor.GetStringAsync(new Uri($"/api/v1/certificates/{old.Serial}", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("\"active\"", await visitor.GetStringAsync(new Uri($"/api/v1/certificates/{fresh.Serial}", UriKind.Relative)), StringComparison.Ordinal);

        var holderView = await client.GetDocumentAsync($"/Apply/Certificate/{old.Serial}");
        Assert.Null(holderView.QuerySelector("#renew-form"));
        Assert.NotNull(holderView.QuerySelector("#renewal-unavailable"));
        var list = await client.GetDocumentAsync("/Apply");
        // The replaced certificate stays listed (holders see every certificate), marked replaced and without "Renew".
        var oldRow = list.QuerySelector($"tr[data-serial='{old.Serial}']")!;
        Assert.Equal("superseded", oldRow.QuerySelector(".certificate-status")!.GetAttribute("data-status"));
        Assert.Null(oldRow.QuerySelector("form.renew-form"));
        // The new certificate is current; its renewal opens 90 days before it expires.
        Assert.NotNull(list.QuerySelector($"tr[data-serial='{fresh.Serial}'] .renewal-opens"));
    }
}
