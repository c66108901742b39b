using System.Net;
using System.Text.Json;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using SealService.Apply;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

/// <summary>
/// Issue 12 item 4 through the real pages: after the applicant answers a change request, unchanged criteria keep their
/// results (carried over, reopenable), the changed one is open again and shows what changed, and the audit trail says so.
/// </summary>
public sealed class ResubmissionTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    private sealed record Audited(Guid Id, Actor Applicant, HttpClient Auditor, string Questioned, List<string> Others, string PreviousExplanation);

    /// <summary>In audit with every criterion assessed for revision 1 and one question; the applicant then changes that criterion and resubmits.</summary>
    private async Task<Audited> ResubmittedAsync(string newExplanation)
    {
        var (organization, applicantUser) = await _scenario.NewApplicantAsync();
        var applicant = ApplicationTestData.ApplicantOf(organization, applicantUser.Id);
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var auditorActor = AuditScenario.ActorOf(auditorUser, Roles.Auditor);
        string questioned = "";
        string previousExplanation = "";
        var id = await _scenario.StoreAsync(d =>
        {
            var application = d.InAudit(organization, applicant, auditorActor);
            d.AssessAll(application, auditorActor);
            questioned = application.Declarations[0].CriterionId;
            previousExplanation = application.Declarations[0].Explanation;
            application.RequestChanges(new Dictionary<string, string> { [questioned] = "Where exactly is development done?" }, auditorActor, d.Now);
            return application;
        });
        var others = (await _scenario.LoadAsync(id)).Declarations.Select(d => d.CriterionId).Where(c => c != questioned).ToList();

        // The applicant's resubmission goes through the real application service, as the applicant's pages call it.
        factory.Time.Advance(TimeSpan.FromDays(2));
        await factory.WithScopeAsync(async sp =>
        {
            var workflow = sp.GetRequiredService<ApplicationWorkflow>();
            var application = await workflow.FindForMemberAsync(id, applicant) ?? throw new InvalidOperationException("Not visible to its applicant.");
            await workflow.DeclareAsync(application, questioned, DeclarationAnswer.PartiallyMet, newExplanation, applicant);
            await workflow.AnswerChangeRequestAsync(application, application.ChangeRequests.Single().Id, "Half of the team moved to Leipzig.", applicant);
            await workflow.SubmitAsync(application, "Maria Muster", "CEO", "en", applicant);
        });

        return new Audited(id, applicant, await _scenario.SignedInAsync(auditorUser), questioned, others, previousExplanation);
    }

    [Fact]
    public async Task Resubmission_carries_unchanged_results_over_reopens_the_changed_criterion_with_what_changed_and_audits_both()
    {
        const string newExplanation = "Development: half in Berlin, half in Leipzig since March.";
        var audited = await ResubmittedAsync(newExplanation);
        var (id, questioned, others) = (audited.Id, audited.Questioned, audited.Others);
        var total = others.Count + 1;

        var stored = await _scenario.LoadAsync(id);
        Assert.Equal(2, stored.CurrentRevision);
        Assert.All(others, c => Assert.Equal(1, stored.Assessments.Single(a => a.CriterionId == c).CarriedFromRevision));
        Assert.Equal(1, stored.Assessments.Single(a => a.CriterionId == questioned).Revision);

        var page = await audited.Auditor.GetDocumentAsync($"/Audit/Application/{id}");
        Assert.Contains($"{others.Count} of {total} criteria assessed", page.QuerySelector("#checklist-progress")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"Results carried over unchanged from an earlier revision: {others.Count}.", page.QuerySelector("#carried-summary")!.TextContent, StringComparison.Ordinal);
        foreach (var criterion in others)
        {
            var section = page.QuerySelector($"#criterion-{criterion}")!;
            Assert.Equal("true", section.GetAttribute("data-carried"));
            Assert.Equal("false", section.GetAttribute("data-changed"));
            Assert.Contains("Carried over from revision 1", section.QuerySelector(".assessment-result")!.TextContent, StringComparison.Ordinal);
            Assert.NotNull(section.QuerySelector($"form#reopen-{criterion}"));
            Assert.Null(section.QuerySelector(".what-changed"));
        }

        // The changed criterion is highlighted, open again, and shows the declaration before and now.
        var changed = page.QuerySelector($"#criterion-{questioned}")!;
        Assert.Equal("true", changed.GetAttribute("data-changed"));
        Assert.Equal("true", changed.GetAttribute("data-reopened"));
        Assert.Contains("highlighted", changed.ClassList);
        Assert.NotNull(changed.QuerySelector(".question-marker"));
        Assert.Null(changed.QuerySelector("form.reopen-form"));
        Assert.Equal("Met", changed.QuerySelector(".previous-answer")!.TextContent.Trim());
        Assert.Equal("Partially met", changed.QuerySelector(".current-answer")!.TextContent.Trim());
        Assert.Equal(audited.PreviousExplanation, changed.QuerySelector(".previous-explanation")!.TextContent.Trim());
        Assert.Equal(newExplanation, changed.QuerySelector(".current-explanation")!.TextContent.Trim());
        Assert.NotNull(changed.QuerySelector(".evidence-unchanged"));
        // The earlier result is shown, but the form does not offer it again: it must be given anew.
        Assert.Contains("from revision 1: assess again", changed.QuerySelector(".assessment-result")!.TextContent, StringComparison.Ordinal);
        Assert.Null(changed.QuerySelector($"#result-{questioned} option[selected]:not([value=''])"));

        // The audit trail says what the resubmission did to the results.
        var entries = await _scenario.AuditEntriesAsync(id);
        var carriedEntry = Assert.Single(entries, e => e.Action == "audit.carried-over");
        using (var carried = JsonDocument.Parse(carriedEntry.After!))
        {
            Assert.Equal(2, carried.RootElement.GetProperty("revision").GetInt32());
            Assert.Equal(others.Order(StringComparer.Ordinal), carried.RootElement.GetProperty("criteria").EnumerateArray().Select(c => c.GetProperty("criterion").GetString()));
        }

        var reopenedEntry = Assert.Single(entries, e => e.Action == "audit.reopened");
        using (var reopened = JsonDocument.Parse(reopenedEntry.After!))
        {
            var criterion = Assert.Single(reopened.RootElement.GetProperty("criteria").EnumerateArray());
            Assert.Equal(questioned, criterion.GetProperty("criterion").GetString());
            Assert.Equal(["changed", "question"], criterion.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        }
    }

    [Fact]
    public async Task Auditor_reopens_a_carried_result_assesses_the_open_criteria_and_the_certifier_sees_what_was_carried_over()
    {
        var audited = await ResubmittedAsync("Development now also in Leipzig.");
        var (id, questioned, others) = (audited.Id, audited.Questioned, audited.Others);
        var auditor = audited.Auditor;
        var reopen = others[0];

        var response = await auditor.SubmitFormAsync($"/Audit/Application/{id}", new Dictionary<string, string>(), $"#reopen-{reopen}", $"#reopen-submit-{reopen}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await HtmlForms.ParseAsync(await AuditScenario.FollowAsync(auditor, response));
        Assert.Contains($"Reopened for assessment: {reopen}", page.QuerySelector(".notice.success")!.TextContent, StringComparison.Ordinal);
        var section = page.QuerySelector($"#criterion-{reopen}")!;
        Assert.Equal("false", section.GetAttribute("data-carried"));
        Assert.Equal("true", section.GetAttribute("data-reopened"));
        Assert.Null(section.QuerySelector("form.reopen-form"));
        Assert.Contains($"{others.Count - 1} of {others.Count + 1} criteria assessed", page.QuerySelector("#checklist-progress")!.TextContent, StringComparison.Ordinal);
        var stored = await _scenario.LoadAsync(id);
        Assert.Equal(1, stored.Assessments.Single(a => a.CriterionId == reopen).Revision);
        Assert.Null(stored.Assessments.Single(a => a.CriterionId == reopen).CarriedFromRevision);
        var reopenedByAuditor = (await _scenario.AuditEntriesAsync(id)).Last(e => e.Action == "audit.reopened");
        Assert.NotEqual("system", reopenedByAuditor.ActorId);
        Assert.Contains(reopen, reopenedByAuditor.After!, StringComparison.Ordinal);

        // A second carried result is reopened from the same page; reopening the first one again is refused with a message.
        response = await auditor.SubmitFormAsync(page, $"/Audit/Application/{id}", new Dictionary<string, string>(), $"#reopen-{others[1]}", $"#reopen-submit-{others[1]}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var token = await AuditScenario.TokenAsync(auditor);
        response = await auditor.PostAsync($"/Audit/Application/{id}?handler=Reopen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["criterionId"] = reopen,
            ["__RequestVerificationToken"] = token,
        }));
        var refused = await HtmlForms.ParseAsync(await AuditScenario.FollowAsync(auditor, response));
        Assert.Contains($"{reopen} has no result carried over from an earlier revision to reopen.", AuditScenario.ErrorNotice(refused), StringComparison.Ordinal);
        Assert.Equal(1, (await _scenario.LoadAsync(id)).Assessments.Single(a => a.CriterionId == reopen).Revision);

        // The auditor assesses the open criteria and recommends; the certifier's view marks the results carried over.
        foreach (var criterion in new[] { questioned, reopen, others[1] })
        {
            response = await auditor.SubmitFormAsync($"/Audit/Application/{id}", new Dictionary<string, string>
            {
                ["assess.Result"] = "Conforms",
                ["assess.Comment"] = "Checked again.",
            }, $"#assess-{criterion}", $"#assess-submit-{criterion}");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        response = await auditor.SubmitFormAsync($"/Audit/Application/{id}/Recommend", new Dictionary<string, string>
        {
            ["Input.Approve"] = "true",
            ["Input.Summary"] = "Conforms; unchanged criteria carried over from revision 1.",
        }, "#recommend-form", "#recommend-submit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var certifier = await _scenario.SignedInAsync(await factory.CreateUserAsync(Roles.Certifier));
        var decision = await certifier.GetDocumentAsync($"/Certify/Application/{id}");
        var stillCarried = others.Skip(2).ToList();
        Assert.Equal(stillCarried.Order(StringComparer.Ordinal),
            decision.QuerySelectorAll("section.criterion[data-carried=true]").Select(s => s.Id!["criterion-".Length..]).Order(StringComparer.Ordinal));
        Assert.Contains($"Results carried over unchanged from an earlier revision: {stillCarried.Count}.", decision.QuerySelector("#carried-summary")!.TextContent, StringComparison.Ordinal);
        Assert.All(stillCarried, c => Assert.Contains("Carried over from revision 1",
            decision.QuerySelector($"#criterion-{c} .assessment-result")!.TextContent, StringComparison.Ordinal));
        response = await certifier.SubmitFormAsync($"/Certify/Application/{id}", new Dictionary<string, string>
        {
            ["Decision.Approve"] = "true",
            ["Decision.Reason"] = "Audit complete.",
        }, "#decision-form", "#decide-submit");
        Assert.Contains("The application is approved.", await AuditScenario.FollowAsync(certifier, response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Only_the_assigned_auditor_can_reopen_a_carried_result()
    {
        var audited = await ResubmittedAsync("Changed.");
        var other = await _scenario.SignedInAsync(await factory.CreateUserAsync(Roles.Auditor));
        var token = await AuditScenario.TokenAsync(other);

        var response = await other.PostAsync($"/Audit/Application/{audited.Id}?handler=Reopen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["criterionId"] = audited.Others[0],
            ["__RequestVerificationToken"] = token,
        }));

        var refused = await HtmlForms.ParseAsync(await AuditScenario.FollowAsync(other, response));
        Assert.Contains("Only the auditor assigned to this application can do this.", AuditScenario.ErrorNotice(refused), StringComparison.Ordinal);
        Assert.True((await _scenario.LoadAsync(audited.Id)).Assessments.Single(a => a.CriterionId == audited.Others[0]).IsCarriedOver);
    }
}
