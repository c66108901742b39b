using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

/// <summary>The certification body's journey through the real forms: assign, assess, ask, re-assess, recommend, decide.</summary>
public sealed class AuditJourneyTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    [Fact]
    public async Task Assign_assess_request_changes_reassess_recommend_and_approve_through_the_forms()
    {
        var (organization, applicantUser) = await _scenario.NewApplicantAsync();
        var applicant = ApplicationTestData.ApplicantOf(organization, applicantUser.Id);
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var certifierUser = await factory.CreateUserAsync(Roles.Certifier);
        var id = await _scenario.StoreAsync(d => d.Submitted(organization, applicant));
        var certifier = await _scenario.SignedInAsync(certifierUser);
        var auditor = await _scenario.SignedInAsync(auditorUser);

        // The certifier assigns the auditor from the queue.
        var queue = await certifier.GetDocumentAsync("/Audit?Assignee=unassigned");
        Assert.NotNull(queue.QuerySelector($"#queue-row-{id}"));
        var response = await certifier.SubmitFormAsync(queue, "/Audit", new Dictionary<string, string> { ["auditorId"] = auditorUser.Id }, $"#assign-{id}", $"#assign-submit-{id}");
        Assert.Contains("The auditor is assigned.", await AuditScenario.FollowAsync(certifier, response), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.InAudit, (await _scenario.LoadAsync(id)).Status);
        Assert.NotNull((await auditor.GetDocumentAsync("/Audit?Assignee=me")).QuerySelector($"#queue-row-{id}"));

        // The auditor assesses every criterion, ticking the evidence.
        var criteria = await AssessAllAsync(auditor, id, "Conforms");
        var page = await auditor.GetDocumentAsync($"/Audit/Application/{id}");
        Assert.Contains($"{criteria.Count} of {criteria.Count} criteria assessed", page.QuerySelector("#checklist-progress")!.TextContent, StringComparison.Ordinal);
        var stored = await _scenario.LoadAsync(id);
        Assert.Equal(criteria.Count, stored.Assessments.Count);
        var withEvidence = stored.Evidence[0];
        Assert.Equal(withEvidence.Sha256, stored.Assessments.Single(a => a.CriterionId == withEvidence.CriterionId).ReviewedEvidence);

        // A question about one criterion goes back to the applicant, who is mailed.
        var changed = withEvidence.CriterionId;
        var select = page.QuerySelector<IHtmlInputElement>($"#change-select-{changed}")!;
        var prefix = select.Name![..^".Selected".Length];
        response = await auditor.SubmitFormAsync(page, $"/Audit/Application/{id}", new Dictionary<string, string>
        {
            [select.Name] = "true",
            [prefix + ".Question"] = "Please upload the current register extract.",
        }, "#request-changes-form", "#request-changes-submit");
        Assert.Contains("The questions were sent to the applicant.", await AuditScenario.FollowAsync(auditor, response), StringComparison.Ordinal);
        stored = await _scenario.LoadAsync(id);
        Assert.Equal(ApplicationStatus.ChangesRequested, stored.Status);
        Assert.Equal(changed, Assert.Single(stored.ChangeRequests).CriterionId);
        var mails = (await factory.PickupMailsAsync()).ToList();
        Assert.Contains(mails, m => m.Contains("To: " + applicantUser.Email, StringComparison.Ordinal) && m.Contains("Please upload the current register extract.", StringComparison.Ordinal));

        // The applicant answers and resubmits (their pages are another feature; the domain does the same).
        factory.Time.Advance(TimeSpan.FromDays(2));
        await _scenario.ChangeAsync(id, (application, data) =>
        {
            application.Declare(changed, DeclarationAnswer.Met, "Register extract of this month attached.", applicant, data.Now);
            application.AnswerChangeRequest(application.ChangeRequests[0].Id, "Uploaded.", applicant, data.Now);
            data.Submit(application, applicant);
        });

        // The auditor sees what changed, assesses again and recommends approval.
        page = await auditor.GetDocumentAsync($"/Audit/Application/{id}");
        Assert.Equal("true", page.QuerySelector($"#criterion-{changed}")!.GetAttribute("data-changed"));
        Assert.Equal([changed], page.QuerySelectorAll("section.criterion[data-changed=true]").Select(s => s.Id!["criterion-".Length..]).ToList());
        // Every other criterion keeps its result, carried over; only the questioned one is open again.
        Assert.Contains($"{criteria.Count - 1} of {criteria.Count} criteria assessed", page.QuerySelector("#checklist-progress")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(criteria.Count - 1, page.QuerySelectorAll("section.criterion[data-carried=true]").Length);
        await AssessAllAsync(auditor, id, "Conforms");
        response = await auditor.SubmitFormAsync($"/Audit/Application/{id}/Recommend", new Dictionary<string, string>
        {
            ["Input.Approve"] = "true",
            ["Input.Summary"] = "All criteria conform after the update.",
        }, "#recommend-form", "#recommend-submit");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        stored = await _scenario.LoadAsync(id);
        Assert.Equal(ApplicationStatus.Recommended, stored.Status);
        Assert.Equal(true, stored.RecommendApproval);

        // The certifier approves.
        Assert.NotNull((await certifier.GetDocumentAsync("/Certify")).QuerySelector($"#decision-row-{id}"));
        response = await certifier.SubmitFormAsync($"/Certify/Application/{id}", new Dictionary<string, string>
        {
            ["Decision.Approve"] = "true",
            ["Decision.Reason"] = "Audit complete, all criteria conform.",
        }, "#decision-form", "#decide-submit");
        Assert.Contains("The application is approved.", await AuditScenario.FollowAsync(certifier, response), StringComparison.Ordinal);
        stored = await _scenario.LoadAsync(id);
        Assert.Equal(ApplicationStatus.Issued, stored.Status);
        Assert.Equal(certifierUser.Id, stored.DecidedById);

        var actions = (await _scenario.AuditEntriesAsync(id)).Select(e => e.Action).ToList();
        Assert.Equal(1, actions.Count(a => a == "audit.assigned"));
        Assert.Equal(2 * criteria.Count, actions.Count(a => a == "audit.assessed"));
        Assert.Contains("audit.changes-requested", actions);
        Assert.Contains("audit.recommended", actions);
        Assert.Contains("certification.approved", actions);

        var history = await certifier.GetDocumentAsync($"/Audit/Application/{id}/History");
        Assert.Contains(history.QuerySelectorAll("#application-history li"), li => li.GetAttribute("data-action") == "certification.approved");

        // The applicant's timeline shows the milestones, not the auditor's working steps.
        var applicantClient = await _scenario.SignedInAsync(applicantUser);
        var status = await applicantClient.GetDocumentAsync($"/Apply/Application/{id}");
        var timeline = status.QuerySelectorAll("#timeline .timeline-entry").Select(li => li.GetAttribute("data-action")).ToList();
        // (This scenario submits through the domain, so the submissions themselves are not in the log.)
        Assert.Equal(["audit.assigned", "audit.changes-requested", "audit.recommended", "certification.approved", "application.issued"], timeline);
    }

    [Fact]
    public async Task Auditor_takes_over_an_unassigned_application_but_not_one_that_has_an_auditor()
    {
        var (organization, applicantUser) = await _scenario.NewApplicantAsync();
        var applicant = ApplicationTestData.ApplicantOf(organization, applicantUser.Id);
        var first = await factory.CreateUserAsync(Roles.Auditor);
        var second = await factory.CreateUserAsync(Roles.Auditor);
        var id = await _scenario.StoreAsync(d => d.Submitted(organization, applicant));
        var firstClient = await _scenario.SignedInAsync(first);
        var secondClient = await _scenario.SignedInAsync(second);
        var secondQueue = await secondClient.GetDocumentAsync("/Audit");

        var response = await firstClient.SubmitFormAsync("/Audit", new Dictionary<string, string>(), $"#take-over-{id}", $"#take-over-submit-{id}");
        // Taking over opens the application and names it.
        Assert.Equal($"/Audit/Application/{id}", response.Headers.Location!.OriginalString);
        var opened = await AuditScenario.FollowAsync(firstClient, response);
        Assert.Contains($"You are now the auditor of {(await _scenario.LoadAsync(id)).ProductName}.", opened, StringComparison.Ordinal);

        // The second auditor's page still shows the button; the server refuses.
        response = await secondClient.SubmitFormAsync(secondQueue, "/Audit", new Dictionary<string, string>(), $"#take-over-{id}", $"#take-over-submit-{id}");
        Assert.Contains("already has an auditor", await AuditScenario.FollowAsync(secondClient, response), StringComparison.Ordinal);
        Assert.Equal(first.Id, (await _scenario.LoadAsync(id)).AuditorId);
    }

    [Fact]
    public async Task Assigning_an_auditor_from_the_applicant_organization_shows_the_conflict_of_interest()
    {
        var (organization, applicantUser) = await _scenario.NewApplicantAsync();
        var insider = await factory.CreateUserAsync(Roles.Auditor, organization);
        var certifierUser = await factory.CreateUserAsync(Roles.Certifier);
        var id = await _scenario.StoreAsync(d => d.Submitted(organization, ApplicationTestData.ApplicantOf(organization, applicantUser.Id)));
        var certifier = await _scenario.SignedInAsync(certifierUser);

        var response = await certifier.SubmitFormAsync("/Audit", new Dictionary<string, string> { ["auditorId"] = insider.Id }, $"#assign-{id}", $"#assign-submit-{id}");

        Assert.Contains("Conflict of interest", await AuditScenario.FollowAsync(certifier, response), StringComparison.Ordinal);
        var stored = await _scenario.LoadAsync(id);
        Assert.Null(stored.AuditorId);
        Assert.Equal(ApplicationStatus.Submitted, stored.Status);
    }

    [Fact]
    public async Task Major_nonconformity_blocks_recommending_approval_with_a_message()
    {
        var (organization, applicantUser) = await _scenario.NewApplicantAsync();
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var auditorActor = AuditScenario.ActorOf(auditorUser, Roles.Auditor);
        var id = await _scenario.StoreAsync(d =>
        {
            var application = d.InAudit(organization, ApplicationTestData.ApplicantOf(organization, applicantUser.Id), auditorActor);
            d.AssessAll(application, auditorActor, onlyMajor: application.Declarations[0].CriterionId);
            return application;
        });
        var auditor = await _scenario.SignedInAsync(auditorUser);

        var response = await auditor.SubmitFormAsync($"/Audit/Application/{id}/Recommend", new Dictionary<string, string>
        {
            ["Input.Approve"] = "true",
            ["Input.Summary"] = "Looks fine.",
        }, "#recommend-form", "#recommend-submit");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("A major nonconformity is open", html, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.InAudit, (await _scenario.LoadAsync(id)).Status);
    }

    private static async Task<List<string>> AssessAllAsync(HttpClient auditor, Guid id, string result)
    {
        var page = await auditor.GetDocumentAsync($"/Audit/Application/{id}");
        var criteria = page.QuerySelectorAll("form.assess-form").Select(f => f.Id!["assess-".Length..]).ToList();
        Assert.NotEmpty(criteria);
        foreach (var criterion in criteria)
        {
            page = await auditor.GetDocumentAsync($"/Audit/Application/{id}");
            var values = new Dictionary<string, string> { ["assess.Result"] = result, ["assess.Comment"] = $"Checked {criterion}." };
            var evidence = page.QuerySelectorAll<IHtmlInputElement>($"#assess-{criterion} input[name='assess.ReviewedEvidence']").ToList();
            if (evidence.Count > 0)
            {
                values["assess.ReviewedEvidence"] = evidence[0].Value;
            }

            var response = await auditor.SubmitFormAsync(page, $"/Audit/Application/{id}", values, $"#assess-{criterion}", $"#assess-submit-{criterion}");
            var after = await HtmlForms.ParseAsync(await AuditScenario.FollowAsync(auditor, response));
            Assert.True(after.QuerySelector(".notice.success")?.TextContent.Contains($"Assessment saved: {criterion}", StringComparison.Ordinal) == true,
                $"Assessing {criterion} failed: {AuditScenario.ErrorNotice(after)}");
        }

        return criteria;
    }
}
