using System.Globalization;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

/// <summary>Issue 12 item 7: queues name the program, count the real waiting days and show a due date.</summary>
public sealed class QueueColumnsTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    private static string Day(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<List<string>> AuditRowAsync(HttpClient client, Guid id) =>
        (await client.GetDocumentAsync("/Audit")).GetElementById($"queue-row-{id}")!.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();

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

    [Fact]
    public async Task A_resubmitted_application_waits_from_its_resubmission_and_a_recommended_one_is_due_by_the_decision_target()
    {
        var (organization, applicantUser) = await _scenario.NewApplicantAsync();
        var applicant = ApplicationTestData.ApplicantOf(organization, applicantUser.Id);
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var auditorActor = AuditScenario.ActorOf(auditorUser, Roles.Auditor);
        var resubmitted = await _scenario.StoreAsync(d => d.ChangesRequested(organization, applicant, auditorActor));
        var recommended = await _scenario.StoreAsync(d => d.Recommended(organization, applicant, auditorActor));
        var recommendedAt = (await _scenario.LoadAsync(recommended)).RecommendedAt!.Value;
        factory.Time.Advance(TimeSpan.FromDays(5));
        await _scenario.ChangeAsync(resubmitted, (application, data) =>
        {
            application.AnswerChangeRequest(application.ChangeRequests[0].Id, "Explained.", applicant, data.Now);
            data.Submit(application, applicant);
        });
        var resubmittedAt = factory.Time.GetUtcNow();
        factory.Time.Advance(TimeSpan.FromDays(2) + TimeSpan.FromHours(23));
        var auditor = await _scenario.SignedInAsync(auditorUser);

        var cells = await AuditRowAsync(auditor, resubmitted);
        Assert.Equal("2", cells[5]);
        Assert.StartsWith(Day(resubmittedAt + ServiceTargets.Audit), cells[6], StringComparison.Ordinal);
        Assert.DoesNotContain("overdue", cells[6], StringComparison.Ordinal);

        // Recommended: waiting for the certifier since the recommendation, due by the decision target, overdue after it.
        cells = await AuditRowAsync(auditor, recommended);
        Assert.Equal("7", cells[5]);
        Assert.StartsWith(Day(recommendedAt + ServiceTargets.Decision), cells[6], StringComparison.Ordinal);
        Assert.DoesNotContain("overdue", cells[6], StringComparison.Ordinal);
        factory.Time.Advance(TimeSpan.FromDays(3));
        cells = await AuditRowAsync(auditor, recommended);
        Assert.Equal("10", cells[5]);
        Assert.Contains("overdue", cells[6], StringComparison.Ordinal);
    }
}
