using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Cli;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Integration.Issuance;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Renewal;

/// <summary>
/// An application left Approved without a certificate (the approval committed, the issuance after it failed) is issued
/// from the certifier's page or with the issue command, once.
/// </summary>
public sealed class IssueRetryTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private Task<(ApplicationStatus Status, List<Certificate> Certificates)> StateAsync(Guid applicationId) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var status = await db.Applications.Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync();
            return (status, await db.Certificates.AsNoTracking().Where(c => c.ApplicationId == applicationId).ToListAsync());
        });

    [Fact]
    public async Task Certifier_issues_a_stuck_approval_from_the_application_page_and_a_second_click_changes_nothing()
    {
        var (application, _, _, _) = await IssuedCertificates.ApprovedAsync(factory);
        var before = await StateAsync(application.Id);
        Assert.Equal(ApplicationStatus.Approved, before.Status);
        Assert.Empty(before.Certificates);
        var certifier = await factory.CreateUserAsync(Roles.Certifier);
        var client = await factory.CreateBrowserClient().SignInAsync(certifier.Email!);
        var pageUrl = $"/Certify/Application/{application.Id}";
        var page = await client.GetDocumentAsync(pageUrl);
        Assert.NotNull(page.QuerySelector("#issue-now"));

        var first = await client.SubmitFormAsync(page, pageUrl, new Dictionary<string, string>(), "#issue-form");
        var second = await client.SubmitFormAsync(page, pageUrl, new Dictionary<string, string>(), "#issue-form");

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var (status, certificates) = await StateAsync(application.Id);
        Assert.Equal(ApplicationStatus.Issued, status);
        var certificate = Assert.Single(certificates);
        Assert.Equal(CertificateStatus.Active, certificate.Status);
        var after = await client.GetDocumentAsync(pageUrl);
        Assert.Null(after.QuerySelector("#issue-form"));
        Assert.Equal("Issued", after.QuerySelector("#application-status")!.GetAttribute("data-status"));
        Assert.Equal(1, await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog
            .CountAsync(e => e.Action == "certificate.issued" && e.EntityId == certificate.Id.ToString())));
    }

    [Fact]
    public async Task The_issue_form_is_not_offered_before_approval_and_applicants_cannot_post_it()
    {
        var (application, _, applicant, _) = await IssuedCertificates.ApprovedAsync(factory);
        var applicantClient = await factory.CreateBrowserClient().SignInAsync(applicant.Email!);
        var own = await applicantClient.GetDocumentAsync("/Apply");
        var response = await applicantClient.PostAsync(new Uri($"/Certify/Application/{application.Id}?handler=Issue", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", own.AntiforgeryToken()!)]));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Empty((await StateAsync(application.Id)).Certificates);

        var issued = await RenewalScenario.IssuedAsync(factory);
        var certifier = await factory.CreateUserAsync(Roles.Certifier);
        var client = await factory.CreateBrowserClient().SignInAsync(certifier.Email!);
        Assert.Null((await client.GetDocumentAsync($"/Certify/Application/{issued.ApplicationId}")).QuerySelector("#issue-form"));
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AdminCommandLine.RunAsync([.. args, $"--Storage:DataDirectory={factory.DataDirectory}", $"--Keys:Directory={factory.KeysDirectory}",
            "--Keys:Passphrase=test-only-passphrase", "--Keys:CreateIfMissing=true", "--Seal:PublicBaseUrl=https://seals.example.org",
            "--Demo:SeedOnFirstStart=false", "--environment", "Testing"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Issue_command_issues_a_stuck_approval_once()
    {
        var (application, _, _, _) = await IssuedCertificates.ApprovedAsync(factory);

        var (exit, output, error) = await RunAsync("issue", "--application", application.Id.ToString());
        var (againExit, againOutput, _) = await RunAsync("issue", "--application", application.Id.ToString());

        Assert.True(exit == 0, error);
        var (status, certificates) = await StateAsync(application.Id);
        Assert.Equal(ApplicationStatus.Issued, status);
        var certificate = Assert.Single(certificates);
        Assert.Contains(certificate.Serial, output, StringComparison.Ordinal);
        Assert.Equal(0, againExit);
        Assert.Contains(certificate.Serial, againOutput, StringComparison.Ordinal);
        Assert.True(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog
            .AnyAsync(e => e.Action == "certificate.issued" && e.EntityId == certificate.Id.ToString() && e.ActorId == Actor.System.UserId)));
    }

    [Fact]
    public async Task Issue_command_refuses_unknown_and_malformed_ids_and_only_reports_an_issued_one()
    {
        var (unknownExit, _, unknownError) = await RunAsync("issue", "--application", Guid.NewGuid().ToString());
        Assert.Equal(1, unknownExit);
        Assert.Contains("does not exist", unknownError, StringComparison.Ordinal);

        var (badExit, _, badError) = await RunAsync("issue", "--application", "not-an-id");
        Assert.Equal(2, badExit);
        Assert.Contains("'not-an-id' is not an application id", badError, StringComparison.Ordinal);
        Assert.Contains("--application <ID>", badError, StringComparison.Ordinal);

        var issued = await RenewalScenario.IssuedAsync(factory);
        var (issuedExit, issuedOut, _) = await RunAsync("issue", "--application", issued.ApplicationId.ToString());
        Assert.Equal(0, issuedExit);
        Assert.Contains(issued.Certificate.Serial, issuedOut, StringComparison.Ordinal);
    }
}
