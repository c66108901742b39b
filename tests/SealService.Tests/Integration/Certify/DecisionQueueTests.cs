using System.Globalization;
using SealService.Domain;
using SealService.Tests.Integration.Audit;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Certify;

/// <summary>Issue 12 item 7: the decision queue names the program, counts the days since the recommendation and shows when the decision is due.</summary>
public sealed class DecisionQueueTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    [Fact]
    public async Task Decision_queue_rows_show_program_name_days_waiting_since_the_recommendation_and_the_due_date()
    {
        var (organization, applicantUser) = await _scenario.NewApplicantAsync();
        var applicant = ApplicationTestData.ApplicantOf(organization, applicantUser.Id);
        var auditor = AuditScenario.ActorOf(await factory.CreateUserAsync(Roles.Auditor), Roles.Auditor);
        // Submitted long before it was recommended: the decision queue counts from the recommendation.
        var id = await _scenario.StoreAsync(d => d.Submitted(organization, applicant, "rwts"));
        factory.Time.Advance(TimeSpan.FromDays(20));
        await _scenario.ChangeAsync(id, (application, data) =>
        {
            application.AssignAuditor(auditor, auditor, data.Now);
            data.AssessAll(application, auditor);
            application.Recommend(true, "Fine.", SealService.Audit.AuditChecklist.ComputeDigest(application), auditor, data.Now);
        });
        var recommendedAt = factory.Time.GetUtcNow();
        factory.Time.Advance(TimeSpan.FromDays(4));
        var certifier = await _scenario.SignedInAsync(await factory.CreateUserAsync(Roles.Certifier));

        async Task<List<string>> RowAsync() =>
            (await certifier.GetDocumentAsync("/Certify")).GetElementById($"decision-row-{id}")!.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();

        var cells = await RowAsync();
        Assert.Equal("Rwanda Tech Seal", cells[2]);
        Assert.Equal("4", cells[4]);
        var due = (recommendedAt + ServiceTargets.Decision).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal(due, cells[5]);

        factory.Time.Advance(TimeSpan.FromDays(7));
        cells = await RowAsync();
        Assert.Equal("11", cells[4]);
        Assert.StartsWith(due, cells[5], StringComparison.Ordinal);
        Assert.Contains("overdue", cells[5], StringComparison.Ordinal);
    }
}
