using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

public sealed class AuditQueueTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    [Fact]
    public async Task Queue_filters_by_program_status_age_and_assignee_and_speaks_german()
    {
        var (organization, applicantUser) = await _scenario.NewApplicantAsync();
        var applicant = ApplicationTestData.ApplicantOf(organization, applicantUser.Id);
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var auditor = AuditScenario.ActorOf(auditorUser, Roles.Auditor);
        var old = await _scenario.StoreAsync(d => d.Submitted(organization, applicant, "shig"));
        factory.Time.Advance(TimeSpan.FromDays(10));
        var mine = await _scenario.StoreAsync(d => d.InAudit(organization, applicant, auditor));
        var draft = await _scenario.StoreAsync(d => d.Draft(organization, applicant));
        var client = await _scenario.SignedInAsync(auditorUser);

        async Task<HashSet<string>> RowsAsync(string query) =>
            (await client.GetDocumentAsync("/Audit" + query)).QuerySelectorAll("#audit-queue tbody tr").Select(r => r.Id!).ToHashSet();

        var all = await RowsAsync("");
        Assert.Contains($"queue-row-{old}", all);
        Assert.Contains($"queue-row-{mine}", all);
        Assert.DoesNotContain($"queue-row-{draft}", all);
        Assert.DoesNotContain($"queue-row-{mine}", await RowsAsync("?Program=shig"));
        Assert.Contains($"queue-row-{old}", await RowsAsync("?Program=shig"));
        Assert.DoesNotContain($"queue-row-{old}", await RowsAsync("?Status=InAudit"));
        Assert.Contains($"queue-row-{mine}", await RowsAsync("?Status=InAudit"));
        Assert.Contains($"queue-row-{old}", await RowsAsync("?OlderThanDays=7"));
        Assert.DoesNotContain($"queue-row-{mine}", await RowsAsync("?OlderThanDays=7"));
        Assert.Equal([$"queue-row-{mine}"], (await RowsAsync("?Assignee=me")).ToList());
        Assert.DoesNotContain($"queue-row-{mine}", await RowsAsync("?Assignee=unassigned"));

        var row = (await client.GetDocumentAsync("/Audit")).QuerySelector($"#queue-row-{old}")!;
        Assert.Contains("10", row.Children[5].TextContent, StringComparison.Ordinal);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var german = (await client.GetDocumentAsync("/Audit")).DocumentElement.OuterHtml;
        Assert.Contains("Übernehmen", german, StringComparison.Ordinal);
        Assert.Contains("In Prüfung", german, StringComparison.Ordinal);
    }
}
