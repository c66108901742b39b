using System.Net;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

public sealed class AuditAccessTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    public static TheoryData<string> StaffPages() =>
    [
        "/Audit", "/Audit/Application/{id}", "/Audit/Application/{id}/Recommend", "/Audit/Application/{id}/History",
        "/Certify", "/Certify/Application/{id}", "/Admin/AuditLog",
    ];

    public static TheoryData<string> StaffPosts() =>
    [
        "/Audit?handler=Assign", "/Audit?handler=TakeOver", "/Audit/Application/{id}?handler=Assess", "/Audit/Application/{id}?handler=RequestChanges",
        "/Audit/Application/{id}/Recommend", "/Certify/Application/{id}?handler=Decide", "/Certify/Application/{id}?handler=Billing",
        "/Admin/AuditLog?handler=Verify",
    ];

    [Theory]
    [MemberData(nameof(StaffPages))]
    public async Task Applicant_is_denied_every_auditor_and_certifier_page(string page)
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var id = await _scenario.StoreAsync(d => d.Recommended(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), ApplicationTestData.Auditor("a-1")));
        var client = await _scenario.SignedInAsync(applicant);

        var response = await client.GetAsync(new Uri(page.Replace("{id}", id.ToString(), StringComparison.Ordinal), UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/AccessDenied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(StaffPosts))]
    public async Task Applicant_is_denied_every_auditor_and_certifier_action_and_nothing_changes(string action)
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var id = await _scenario.StoreAsync(d => d.Recommended(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), ApplicationTestData.Auditor("a-1")));
        var client = await _scenario.SignedInAsync(applicant);
        var token = await AuditScenario.TokenAsync(client);
        var before = await _scenario.LoadAsync(id);

        var response = await client.PostAsync(new Uri(action.Replace("{id}", id.ToString(), StringComparison.Ordinal), UriKind.Relative), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("applicationId", id.ToString()), new("auditorId", applicant.Id),
            new("Decision.Approve", "true"), new("Decision.Reason", "Approve my own application"), new("Input.Summary", "x"),
            new("Billing.FeePaid", "true"), new("assess.CriterionId", "SMIG-HQ"), new("assess.Result", "Conforms"),
        ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/AccessDenied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var after = await _scenario.LoadAsync(id);
        Assert.Equal(before.Status, after.Status);
        Assert.Equal(before.ConcurrencyStamp, after.ConcurrencyStamp);
        Assert.False(after.FeePaid);
    }

    [Theory]
    [InlineData("GET", "/Certify")]
    [InlineData("GET", "/Certify/Application/{id}")]
    [InlineData("POST", "/Certify/Application/{id}?handler=Decide")]
    public async Task Auditor_cannot_reach_the_decision_pages(string method, string page)
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var id = await _scenario.StoreAsync(d => d.Recommended(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), AuditScenario.ActorOf(auditorUser, Roles.Auditor)));
        var client = await _scenario.SignedInAsync(auditorUser);
        var url = new Uri(page.Replace("{id}", id.ToString(), StringComparison.Ordinal), UriKind.Relative);

        var response = method == "GET"
            ? await client.GetAsync(url)
            : await client.PostAsync(url, new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", await AuditScenario.TokenAsync(client)), new("Decision.Approve", "true"), new("Decision.Reason", "Approve"),
            ]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/AccessDenied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Recommended, (await _scenario.LoadAsync(id)).Status);
    }

    [Fact]
    public async Task Auditor_who_is_not_assigned_cannot_assess_and_nothing_is_stored()
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var assigned = await factory.CreateUserAsync(Roles.Auditor);
        var other = await factory.CreateUserAsync(Roles.Auditor);
        var id = await _scenario.StoreAsync(d => d.InAudit(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), AuditScenario.ActorOf(assigned, Roles.Auditor)));
        var client = await _scenario.SignedInAsync(other);

        var page = await client.GetDocumentAsync($"/Audit/Application/{id}");
        Assert.Empty(page.QuerySelectorAll("form.assess-form"));
        var response = await client.PostAsync(new Uri($"/Audit/Application/{id}?handler=Assess", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", page.AntiforgeryToken()!), new("assess.CriterionId", "SMIG-HQ"), new("assess.Result", "Conforms"), new("assess.Comment", "Sneaky"),
        ]));

        var html = await AuditScenario.FollowAsync(client, response);
        Assert.Contains("Only the auditor assigned to this application can do this.", html, StringComparison.Ordinal);
        Assert.Empty((await _scenario.LoadAsync(id)).Assessments);
        Assert.DoesNotContain(await _scenario.AuditEntriesAsync(id), e => e.Action == "audit.assessed");
    }

    [Fact]
    public async Task Staff_member_of_the_applicant_organization_gets_not_found()
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var insider = await factory.CreateUserAsync(Roles.Certifier, organization);
        var id = await _scenario.StoreAsync(d => d.Recommended(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), ApplicationTestData.Auditor("a-9")));
        var client = await _scenario.SignedInAsync(insider);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/Audit/Application/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/Certify/Application/{id}", UriKind.Relative))).StatusCode);
    }
}
