using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

/// <summary>Issue 12 item 7: queues name the program, count the real waiting days and show a due date.</summary>
public sealed class QueueColumnsTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    [Fact]
    public async Task Audit_queue_rows_show_program_name_days_waiting_and_due_date()
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var id = await _scenario.StoreAsync(d => d.Submitted(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id)));
        var submittedAt = (await _scenario.LoadAsync(id)).SubmittedAt!.Value;
        factory.Time.Advance(TimeSpan.FromDays(3));
        var auditor = await _scenario.SignedInAsync(await factory.CreateUserAsync(Roles.Auditor));

        var queue = await auditor.GetDocumentAsync("/Audit");
        var row = queue.GetElementById($"queue-row-{id}")!;
        var cells = row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Contains("Software Made in Germany", cells);
        Assert.DoesNotContain("smig", cells);
        Assert.Contains("3", cells);
        var due = (submittedAt + ServiceTargets.Audit).UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains(cells, c => c.StartsWith(due, StringComparison.Ordinal));
    }
}
