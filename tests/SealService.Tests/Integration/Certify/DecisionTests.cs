using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SealService.Issuance;
using SealService.Apply;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Integration.Audit;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Certify;

/// <summary>The test host with one recorded approval follow-up, to see that it runs once and only after approval.</summary>
public sealed class DecisionFactory : SealServiceFactory
{
    public RecordingFollowUp FollowUp { get; } = new();

    protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.ConfigureTestServices(builder, services => services.TryAddEnumerable(ServiceDescriptor.Singleton<IApprovalFollowUp>(FollowUp)));
    }
}

public sealed class RecordingFollowUp : IApprovalFollowUp
{
    public List<(Guid ApplicationId, string By, ApplicationStatus StatusSeen)> Calls { get; } = [];

    public Func<Guid, Task<ApplicationStatus>>? ReadStatus { get; set; }

    public async Task OnApprovedAsync(Guid applicationId, Actor by, CancellationToken ct)
    {
        var status = ReadStatus is null ? ApplicationStatus.Draft : await ReadStatus(applicationId);
        lock (Calls)
        {
            Calls.Add((applicationId, by.UserId, status));
        }
    }
}

public sealed class DecisionTests : IClassFixture<DecisionFactory>
{
    private readonly DecisionFactory _factory;
    private readonly AuditScenario _scenario;

    public DecisionTests(DecisionFactory factory)
    {
        _factory = factory;
        _scenario = new AuditScenario(factory);
        factory.FollowUp.ReadStatus = id => factory.WithScopeAsync(async sp =>
            (await sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking().FirstAsync(a => a.Id == id)).Status);
    }

    private async Task<(Guid Id, AppUser Applicant)> RecommendedAsync(bool approve = true)
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var auditor = await _factory.CreateUserAsync(Roles.Auditor);
        var id = await _scenario.StoreAsync(d => d.Recommended(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), AuditScenario.ActorOf(auditor, Roles.Auditor), approve));
        return (id, applicant);
    }

    [Fact]
    public async Task Two_certifiers_deciding_at_once_record_exactly_one_decision()
    {
        var (id, _) = await RecommendedAsync();
        var first = await _scenario.SignedInAsync(await _factory.CreateUserAsync(Roles.Certifier));
        var second = await _scenario.SignedInAsync(await _factory.CreateUserAsync(Roles.Certifier));
        var firstPage = await first.GetDocumentAsync($"/Certify/Application/{id}");
        var secondPage = await second.GetDocumentAsync($"/Certify/Application/{id}");

        var firstResponse = await first.SubmitFormAsync(firstPage, $"/Certify/Application/{id}", new Dictionary<string, string>
        {
            ["Decision.Approve"] = "true", ["Decision.Reason"] = "Approved by the first certifier.",
        }, "#decision-form", "#decide-submit");
        var secondResponse = await second.SubmitFormAsync(secondPage, $"/Certify/Application/{id}", new Dictionary<string, string>
        {
            ["Decision.Approve"] = "false", ["Decision.Reason"] = "Rejected by the second certifier.",
        }, "#decision-form", "#decide-submit");

        Assert.Equal(HttpStatusCode.Redirect, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondResponse.StatusCode);
        var error = AuditScenario.ErrorNotice(await HtmlForms.ParseAsync(await secondResponse.Content.ReadAsStringAsync()));
        Assert.False(string.IsNullOrEmpty(error));
        var stored = await _scenario.LoadAsync(id);
        // The approval was committed once and issuance (the registered follow-up) turned it into exactly one certificate.
        Assert.Equal(ApplicationStatus.Issued, stored.Status);
        Assert.Equal("Approved by the first certifier.", stored.DecisionReason);
        Assert.Equal(1, await _factory.WithScopeAsync(sp => sp.GetRequiredService<SealService.Data.AppDbContext>().Certificates.CountAsync(c => c.ApplicationId == id)));
        Assert.Single(await _scenario.AuditEntriesAsync(id), e => e.Action.StartsWith("certification.", StringComparison.Ordinal));
        var call = Assert.Single(_factory.FollowUp.Calls, c => c.ApplicationId == id);
        // Follow-ups run after the decision is committed (issuance, registered first, has already run).
        Assert.Contains(call.StatusSeen, new[] { ApplicationStatus.Approved, ApplicationStatus.Issued });
    }

    [Fact]
    public async Task Decision_on_a_page_that_went_stale_is_refused_with_a_reload_message()
    {
        var (id, _) = await RecommendedAsync();
        var certifier = await _scenario.SignedInAsync(await _factory.CreateUserAsync(Roles.Certifier));
        var colleague = await _scenario.SignedInAsync(await _factory.CreateUserAsync(Roles.Certifier));
        var page = await certifier.GetDocumentAsync($"/Certify/Application/{id}");

        // A colleague records the invoice in the meantime: the application's concurrency stamp moves on.
        var billing = await colleague.SubmitFormAsync($"/Certify/Application/{id}", new Dictionary<string, string> { ["Billing.InvoiceSent"] = "true" }, "#billing-form", "#billing-submit");
        Assert.Equal(HttpStatusCode.Redirect, billing.StatusCode);
        var response = await certifier.SubmitFormAsync(page, $"/Certify/Application/{id}", new Dictionary<string, string>
        {
            ["Decision.Approve"] = "true", ["Decision.Reason"] = "Approve.",
        }, "#decision-form", "#decide-submit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(ApplicationStore.StaleMessage, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await _scenario.LoadAsync(id);
        Assert.Equal(ApplicationStatus.Recommended, stored.Status);
        Assert.True(stored.InvoiceSent);
        Assert.DoesNotContain(await _scenario.AuditEntriesAsync(id), e => e.Action.StartsWith("certification.approved", StringComparison.Ordinal));
        Assert.DoesNotContain(_factory.FollowUp.Calls, c => c.ApplicationId == id);
    }

    [Fact]
    public async Task Decision_with_a_checklist_digest_other_than_the_current_one_is_refused()
    {
        var (id, _) = await RecommendedAsync();
        var certifier = await _scenario.SignedInAsync(await _factory.CreateUserAsync(Roles.Certifier));

        var response = await certifier.SubmitFormAsync($"/Certify/Application/{id}", new Dictionary<string, string>
        {
            ["Decision.Approve"] = "true", ["Decision.Reason"] = "Approve.", ["Decision.ChecklistDigest"] = "sha256:" + new string('0', 64),
        }, "#decision-form", "#decide-submit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The checklist changed after you opened it.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Recommended, (await _scenario.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Rejection_mails_the_reason_to_every_member_of_the_applicant_organization()
    {
        var (id, applicant) = await RecommendedAsync(approve: false);
        var certifierUser = await _factory.CreateUserAsync(Roles.Certifier);
        var certifier = await _scenario.SignedInAsync(certifierUser);
        var page = await certifier.GetDocumentAsync($"/Certify/Application/{id}");
        Assert.Equal("false", page.QuerySelector("#recommendation-value")?.GetAttribute("data-approve"));

        var response = await certifier.SubmitFormAsync(page, $"/Certify/Application/{id}", new Dictionary<string, string>
        {
            ["Decision.Approve"] = "false", ["Decision.Reason"] = "Development happens outside the program's country.",
        }, "#decision-form", "#decide-submit");

        Assert.Contains("The application is rejected", await AuditScenario.FollowAsync(certifier, response), StringComparison.Ordinal);
        var stored = await _scenario.LoadAsync(id);
        Assert.Equal(ApplicationStatus.Rejected, stored.Status);
        Assert.Equal(certifierUser.Id, stored.DecidedById);
        var mails = (await _factory.PickupMailsAsync()).ToList();
        Assert.Contains(mails, m => m.Contains("To: " + applicant.Email, StringComparison.Ordinal)
            && m.Contains("Development happens outside the program&#39;s country.", StringComparison.Ordinal)
            && m.Contains($"href=\"https://seals.example.org/Apply/Application/{id}\"", StringComparison.Ordinal));
        Assert.DoesNotContain(_factory.FollowUp.Calls, c => c.ApplicationId == id);
        Assert.Single(await _scenario.AuditEntriesAsync(id), e => e.Action == "certification.rejected");
    }

    [Fact]
    public async Task Billing_flags_are_saved_and_audited()
    {
        var (id, _) = await RecommendedAsync();
        var certifier = await _scenario.SignedInAsync(await _factory.CreateUserAsync(Roles.Certifier));

        var response = await certifier.SubmitFormAsync($"/Certify/Application/{id}", new Dictionary<string, string> { ["Billing.FeePaid"] = "true" }, "#billing-form", "#billing-submit");

        Assert.Contains("Billing status saved.", await AuditScenario.FollowAsync(certifier, response), StringComparison.Ordinal);
        var stored = await _scenario.LoadAsync(id);
        Assert.True(stored.FeePaid);
        Assert.True(stored.InvoiceSent);
        var entry = Assert.Single(await _scenario.AuditEntriesAsync(id), e => e.Action == "certification.billing");
        Assert.Contains("\"feePaid\":true", entry.After, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auditor_of_the_application_with_the_certifier_role_cannot_decide_it()
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var both = await _factory.CreateUserAsync(Roles.Certifier);
        await _factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            await users.AddToRoleAsync((await users.FindByIdAsync(both.Id))!, Roles.Auditor);
        });
        var id = await _scenario.StoreAsync(d => d.Recommended(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), AuditScenario.ActorOf(both, Roles.Auditor)));
        var client = await _scenario.SignedInAsync(both);

        // A person who may not decide does not get the form, only the reason why ...
        var page = await client.GetDocumentAsync($"/Certify/Application/{id}");
        Assert.Null(page.QuerySelector("#decision-form"));
        Assert.Contains("Four eyes", page.QuerySelector("#decision-refused")!.TextContent, StringComparison.Ordinal);

        // ... and a hand-made post is still refused by the server.
        var response = await client.PostAsync(new Uri($"/Certify/Application/{id}?handler=Decide", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.AntiforgeryToken()!, ["Decision.Approve"] = "true", ["Decision.Reason"] = "My own audit is fine.",
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Four eyes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Recommended, (await _scenario.LoadAsync(id)).Status);
    }
}
