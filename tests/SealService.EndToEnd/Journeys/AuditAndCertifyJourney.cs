using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Microsoft.Playwright.Assertions;
using SealService.Demo;
using SealService.Admin;
using SealService.Audit;
using SealService.Data;
using SealService.Domain;
using SealService.EndToEnd.Support;
using SealService.Programs;

namespace SealService.EndToEnd.Journeys;

/// <summary>
/// The certification body's side of a seeded submitted application: the queues, assignment, the auditor's checklist, a
/// question to the applicant and their resubmission (unchanged results carried over, the changed criterion highlighted,
/// one carried result reopened), the recommendation and the certifier's decision, plus the four-eyes rule.
/// </summary>
public sealed partial class AuditAndCertifyJourney(EndToEndFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Auditor_audits_with_one_question_to_the_applicant_and_certifier_approves() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var application = await SubmittedApplicationOfAsync(DemoSeeder.ApplicantEmail);
        var id = application.Id;
        var auditorId = await UserIdAsync(DemoSeeder.AuditorEmail);
        var questioned = application.CriterionIds[0];
        const string question = "Please describe where the development team works and which document shows it.";
        const string answer = "Our whole development team works in our office in Germany; the updated declaration says where.";
        const string newExplanation = "All development takes place at our registered office in Germany; see the commercial register extract.";

        // The certifier sees the application in the audit queue: program by name, days waiting since the (demo's past)
        // submission, the audit's due date; and assigns the demo auditor there.
        var certifier = await NewDesktopPageAsync();
        await SignInAsync(certifier, DemoSeeder.CertifierEmail, DemoSeeder.DemoPassword);
        await certifier.GotoAsync("/Audit");
        await certifier.AssertAccessibleAsync();
        var queueRow = QueueRow(certifier, application.ProductName);
        await Expect(queueRow).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.Submitted));
        var waited = (int)Math.Floor((DateTimeOffset.UtcNow - application.SubmittedAt).TotalDays);
        Assert.True(waited > 0, $"The demo application was submitted {application.SubmittedAt:O}, not days ago.");
        await Expect(queueRow.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("Software Made in Germany");
        await Expect(queueRow.GetByRole(AriaRole.Cell).Nth(5)).ToHaveTextAsync(waited.ToString(CultureInfo.InvariantCulture));
        await Expect(queueRow.GetByRole(AriaRole.Cell).Nth(6)).ToHaveTextAsync(Day(application.SubmittedAt + ServiceTargets.Audit));
        await Expect(certifier.GetByRole(AriaRole.Table).GetByText("overdue").First).ToBeVisibleAsync();
        await queueRow.GetByRole(AriaRole.Combobox, new() { Name = "Auditor" }).SelectOptionAsync(new SelectOptionValue { Label = "Anton Auditor" });
        await PostAsync(certifier, queueRow.GetByRole(AriaRole.Button, new() { Name = "Assign" }));
        await Expect(certifier.Locator(".notice.success")).ToContainTextAsync("The auditor is assigned.");
        await Expect(queueRow).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.InAudit));
        await Expect(queueRow).ToContainTextAsync("Anton Auditor");
        Assert.Equal(auditorId, (await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking().SingleAsync(a => a.Id == id))).AuditorId);

        // The auditor assesses every criterion of revision 1, then sends one question back.
        var auditor = await NewDesktopPageAsync();
        await SignInAsync(auditor, DemoSeeder.AuditorEmail, DemoSeeder.DemoPassword);
        await auditor.GotoAsync($"/Audit/Application/{id}");
        await auditor.AssertAccessibleAsync();
        await Expect(auditor.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.InAudit));
        await Expect(auditor.Locator("section.criterion")).ToHaveCountAsync(application.CriterionIds.Count);
        await Expect(auditor.Locator("#checklist-progress")).ToContainTextAsync($"0 of {application.CriterionIds.Count} criteria assessed");
        foreach (var criterionId in application.CriterionIds)
        {
            var result = criterionId == questioned ? "MinorNonconformity" : "Conforms";
            var comment = criterionId == questioned ? "The evidence does not show where development takes place." : "Declaration and evidence are consistent.";
            await AssessAsync(auditor, criterionId, result, comment, application.EvidenceCount(criterionId));
        }

        await Expect(auditor.Locator("#checklist-progress")).ToContainTextAsync($"{application.CriterionIds.Count} of {application.CriterionIds.Count} criteria assessed");
        await auditor.CheckAsync($"#change-select-{questioned}");
        await auditor.FillAsync($"#change-question-{questioned}", question);
        await PostAsync(auditor, "#request-changes-submit");
        await Expect(auditor.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.ChangesRequested));
        await Expect(auditor.Locator("#recommend-link")).ToHaveCountAsync(0);

        // The applicant answers on a phone, revises the criterion and submits revision 2.
        var applicant = await NewPhonePageAsync();
        await SignInAsync(applicant, DemoSeeder.ApplicantEmail, DemoSeeder.DemoPassword);
        await applicant.GotoAsync($"/Apply/Application/{id}");
        await applicant.AssertAccessibleAsync();
        await Expect(applicant.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.ChangesRequested));
        var request = applicant.Locator($"#change-requests .change-request[data-criterion='{questioned}']");
        await Expect(applicant.Locator("#change-requests .change-request")).ToHaveCountAsync(1);
        await Expect(request.Locator("blockquote.question")).ToHaveTextAsync(question);
        await request.Locator("form.answer-form textarea[name=answer]").FillAsync(answer);
        await PostAsync(applicant, request.Locator("button.save-answer"));
        await Expect(request.Locator(".answered")).ToBeVisibleAsync();
        await Expect(request.Locator("textarea[name=answer]")).ToHaveValueAsync(answer);

        await request.Locator("a.edit-criterion").ClickAsync();
        await Expect(applicant.Locator("#criterion-title")).ToHaveAttributeAsync("data-criterion", questioned);
        await Expect(applicant.Locator("#auditor-question")).ToContainTextAsync(question);
        await Expect(applicant.Locator("#read-only")).ToHaveCountAsync(0);
        await applicant.SelectOptionAsync("#Input_Answer", nameof(DeclarationAnswer.Met));
        await applicant.FillAsync("#Input_Explanation", newExplanation);
        await PostAsync(applicant, "#save-draft");
        await Expect(applicant.Locator(".notice.success")).ToContainTextAsync($"Your declaration for {questioned} is saved as a draft.");
        await Expect(applicant.Locator("#Input_Explanation")).ToHaveValueAsync(newExplanation);

        await applicant.ClickAsync("#back-to-application");
        await applicant.ClickAsync("a#go-submit");
        await Expect(applicant.Locator("#submission-blockers")).ToHaveCountAsync(0);
        await applicant.FillAsync("#Input_Name", "Paula Produkt");
        await applicant.FillAsync("#Input_Role", "Geschäftsführerin");
        await applicant.CheckAsync("#Input_Confirm");
        await PostAsync(applicant, "#submit-application");
        await Expect(applicant.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.InAudit));
        await Expect(applicant.Locator("#revisions tr.revision")).ToHaveCountAsync(2);
        await Expect(applicant.Locator("#change-requests")).ToHaveCountAsync(0);

        // The auditor finds every untouched criterion's result carried over and the changed one open again, highlighted
        // with the declaration before and now.
        var total = application.CriterionIds.Count;
        var untouched = application.CriterionIds.Where(c => c != questioned).ToList();
        await auditor.GotoAsync($"/Audit/Application/{id}");
        await auditor.AssertAccessibleAsync();
        await Expect(auditor.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.InAudit));
        await Expect(auditor.GetByText($"{total - 1} of {total} criteria assessed")).ToBeVisibleAsync();
        await Expect(auditor.GetByText($"Results carried over unchanged from an earlier revision: {total - 1}.")).ToBeVisibleAsync();
        await Expect(auditor.GetByText("1 criterion changed since revision 1.")).ToBeVisibleAsync();
        foreach (var criterionId in untouched)
        {
            var carried = Criterion(auditor, application, criterionId);
            await Expect(carried.GetByText("Carried over from revision 1")).ToBeVisibleAsync();
            await Expect(carried.GetByRole(AriaRole.Button, new() { Name = "Reopen for assessment" })).ToBeVisibleAsync();
        }

        var changed = Criterion(auditor, application, questioned);
        await Expect(changed.GetByText("Changed since the last revision")).ToBeVisibleAsync();
        await Expect(changed.GetByText("Question answered")).ToBeVisibleAsync();
        await Expect(changed.GetByText("from revision 1: assess again")).ToBeVisibleAsync();
        await Expect(changed.GetByRole(AriaRole.Button, new() { Name = "Reopen for assessment" })).ToHaveCountAsync(0);
        var compare = changed.GetByRole(AriaRole.Table, new() { Name = "Declaration" });
        await Expect(compare.GetByRole(AriaRole.Columnheader, new() { Name = "Before (revision 1)" })).ToBeVisibleAsync();
        await Expect(compare.GetByRole(AriaRole.Columnheader, new() { Name = "Now (revision 2)" })).ToBeVisibleAsync();
        await Expect(compare.GetByRole(AriaRole.Row, new() { Name = "Explanation" })).ToContainTextAsync(application.Explanations[questioned]);
        await Expect(compare.GetByRole(AriaRole.Row, new() { Name = "Explanation" })).ToContainTextAsync(newExplanation);
        await Expect(changed.GetByText("Evidence unchanged.")).ToBeVisibleAsync();
        await Expect(changed.Locator(".change-requests")).ToContainTextAsync(answer);

        // The auditor reopens one carried result to look again, then assesses the two open criteria.
        var reopened = untouched[0];
        await PostAsync(auditor, Criterion(auditor, application, reopened).GetByRole(AriaRole.Button, new() { Name = "Reopen for assessment" }));
        await Expect(auditor.Locator(".notice.success")).ToHaveTextAsync($"Reopened for assessment: {reopened}");
        await Expect(Criterion(auditor, application, reopened).GetByText("from revision 1: assess again")).ToBeVisibleAsync();
        await Expect(Criterion(auditor, application, reopened).GetByText("Carried over from revision 1")).ToHaveCountAsync(0);
        await Expect(auditor.GetByText($"{total - 2} of {total} criteria assessed")).ToBeVisibleAsync();
        await auditor.AssertAccessibleAsync();
        await AssessByLabelAsync(auditor, application, questioned, "Conforms", "The revised declaration names the development site; resolved.");
        await AssessByLabelAsync(auditor, application, reopened, "Conforms", "Looked again: declaration and evidence are consistent.");

        await Expect(auditor.GetByText($"{total} of {total} criteria assessed")).ToBeVisibleAsync();
        await auditor.ClickAsync("#recommend-link");
        await auditor.CheckAsync("#recommend-approve");
        await auditor.FillAsync("#recommend-summary", "All criteria conform in revision 2; the open question on the development site is answered.");
        await PostAsync(auditor, "#recommend-submit");
        await Expect(auditor.Locator(".notice.success")).ToContainTextAsync("Your recommendation is recorded");
        await Expect(auditor.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.Recommended));

        // The certifier finds it in the decision queue (program by name, waiting since today's recommendation, due in the
        // decision target) and sees which results were carried over rather than given for revision 2.
        await certifier.GotoAsync("/Certify");
        await certifier.AssertAccessibleAsync();
        var decisionRow = QueueRow(certifier, application.ProductName);
        await Expect(decisionRow.GetByRole(AriaRole.Cell).Nth(2)).ToHaveTextAsync("Software Made in Germany");
        await Expect(decisionRow.GetByRole(AriaRole.Cell).Nth(4)).ToHaveTextAsync("0");
        var recommendedAt = (await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking().SingleAsync(a => a.Id == id))).RecommendedAt!.Value;
        await Expect(decisionRow.GetByRole(AriaRole.Cell).Nth(5)).ToHaveTextAsync(Day(recommendedAt + ServiceTargets.Decision));
        await Expect(certifier.GetByRole(AriaRole.Table).GetByText("overdue").First).ToBeVisibleAsync();
        await decisionRow.GetByRole(AriaRole.Link, new() { Name = application.ProductName }).ClickAsync();
        await Expect(certifier.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.Recommended));
        await Expect(certifier.GetByText($"Results carried over unchanged from an earlier revision: {total - 2}.")).ToBeVisibleAsync();
        foreach (var criterionId in untouched.Skip(1))
        {
            await Expect(Criterion(certifier, application, criterionId).GetByText("Carried over from revision 1")).ToBeVisibleAsync();
        }

        foreach (var criterionId in new[] { questioned, reopened })
        {
            await Expect(Criterion(certifier, application, criterionId).GetByText("Carried over from revision 1")).ToHaveCountAsync(0);
        }

        await certifier.AssertAccessibleAsync();
        await Expect(certifier.Locator("#recommendation-value")).ToHaveAttributeAsync("data-approve", "true");
        await certifier.CheckAsync("#decide-approve");
        await certifier.FillAsync("#decision-reason", "The audit of revision 2 shows every criterion met; approved.");
        await PostAsync(certifier, "#decide-submit");
        await Expect(certifier.Locator("#application-status")).ToHaveAttributeAsync("data-status", ApprovedOrIssued());
        await Expect(certifier.Locator("#decision-result")).ToContainTextAsync("Approved");
        await Expect(certifier.Locator("#decision-form")).ToHaveCountAsync(0);

        var stored = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking()
            .Include(a => a.Revisions).SingleAsync(a => a.Id == id));
        Assert.Contains(stored.Status, new[] { ApplicationStatus.Approved, ApplicationStatus.Issued });
        Assert.Equal(2, stored.CurrentRevision);
        Assert.Equal(auditorId, stored.RecommendedById);
        Assert.Equal(await UserIdAsync(DemoSeeder.CertifierEmail), stored.DecidedById);
    });

    [Fact]
    public Task Auditor_with_the_certifier_role_cannot_decide_an_application_they_audited() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var application = await SubmittedApplicationOfAsync(DemoSeeder.RwandaApplicantEmail);
        var id = application.Id;
        var dualRole = await CreateUserAsync(Roles.Auditor, displayName: "Dana Double");
        await Host.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = await users.FindByIdAsync(dualRole.Id) ?? throw new InvalidOperationException("The user vanished.");
            var result = await users.AddToRoleAsync(user, Roles.Certifier);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
        });

        var page = await NewDesktopPageAsync();
        await SignInAsync(page, dualRole.Email!, EndToEndFixture.Password);
        await page.GotoAsync("/Audit");
        await page.AssertAccessibleAsync();
        await PostAsync(page, QueueRow(page, application.ProductName).GetByRole(AriaRole.Button, new() { Name = "Take over" }));
        await Expect(page.Locator(".notice.success")).ToHaveTextAsync($"You are now the auditor of {application.ProductName}.");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/Audit/Application/{id}"));
        await Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.InAudit));

        // The audit itself is not under test here: assess and recommend through the app's own workflow as this user.
        await Host.WithScopeAsync(async sp =>
        {
            var actor = await sp.GetRequiredService<StaffDirectory>().ActorAsync(dualRole.Id) ?? throw new InvalidOperationException("The user vanished.");
            var workflow = sp.GetRequiredService<AuditWorkflow>();
            foreach (var criterionId in application.CriterionIds)
            {
                Assert.True(await workflow.AssessAsync(id, new AssessmentInput(criterionId, AssessmentResult.Conforms, "Consistent.", application.EvidenceDigests(criterionId)), actor));
            }

            Assert.True(await workflow.RecommendAsync(id, true, "Every criterion conforms.", actor));
        });

        await page.GotoAsync("/Certify");
        await page.AssertAccessibleAsync();
        await page.ClickAsync($"#decide-open-{id}");
        await Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.Recommended));
        // Four eyes: the person who audited does not get the decision form, only the reason why.
        await Expect(page.GetByText("Four eyes: you audited this application, so another certifier must decide it.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Record decision" })).ToHaveCountAsync(0);
        await Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", nameof(ApplicationStatus.Recommended));
        await Expect(page.Locator("#decision-result")).ToHaveCountAsync(0);

        var stored = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking().SingleAsync(a => a.Id == id));
        Assert.Equal(ApplicationStatus.Recommended, stored.Status);
        Assert.Null(stored.DecidedById);
    });

    /// <summary>The queue's row of the application named <paramref name="productName"/> (its link is the product name).</summary>
    private static ILocator QueueRow(IPage page, string productName) =>
        page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = productName, Exact = true }) });

    /// <summary>A criterion's part of the checklist: a region named by the criterion's id and title.</summary>
    private static ILocator Criterion(IPage page, SeededApplication application, string criterionId) =>
        page.GetByRole(AriaRole.Region, new() { Name = $"{criterionId} · {application.Titles[criterionId]}", Exact = true });

    private static string Day(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Assesses one criterion through its labelled controls, every evidence file ticked as reviewed.</summary>
    private static async Task AssessByLabelAsync(IPage page, SeededApplication application, string criterionId, string result, string comment)
    {
        var criterion = Criterion(page, application, criterionId);
        await criterion.GetByLabel("Result").SelectOptionAsync(new SelectOptionValue { Label = result });
        await criterion.GetByLabel("Comment").FillAsync(comment);
        var evidence = criterion.GetByRole(AriaRole.Group, new() { Name = "Evidence reviewed" }).GetByRole(AriaRole.Checkbox);
        await Expect(evidence).ToHaveCountAsync(application.EvidenceCount(criterionId));
        for (var i = 0; i < application.EvidenceCount(criterionId); i++)
        {
            await evidence.Nth(i).CheckAsync();
        }

        await PostAsync(page, criterion.GetByRole(AriaRole.Button, new() { Name = "Save assessment" }));
        await Expect(page.Locator(".notice.success")).ToHaveTextAsync($"Assessment saved: {criterionId}");
        await Expect(Criterion(page, application, criterionId).GetByText("assessed", new() { Exact = true })).ToBeVisibleAsync();
    }

    /// <summary>Saves one criterion's assessment with every evidence file ticked as reviewed and waits for the saved checklist.</summary>
    private static async Task AssessAsync(IPage page, string criterionId, string result, string comment, int evidenceFiles)
    {
        var form = page.Locator($"form#assess-{criterionId}");
        await page.SelectOptionAsync($"#result-{criterionId}", result);
        await page.FillAsync($"#comment-{criterionId}", comment);
        var evidence = form.Locator($"input[type=checkbox][id^='reviewed-{criterionId}-']");
        await Expect(evidence).ToHaveCountAsync(evidenceFiles);
        for (var i = 0; i < evidenceFiles; i++)
        {
            await evidence.Nth(i).CheckAsync();
        }

        await PostAsync(page, $"#assess-submit-{criterionId}");
        await Expect(page.Locator(".notice.success")).ToHaveTextAsync($"Assessment saved: {criterionId}");
        var section = page.Locator($"section#criterion-{criterionId}");
        await Expect(section).ToHaveAttributeAsync("data-assessed", "true");
        await Expect(section.Locator(".assessment-result [data-result]")).ToHaveAttributeAsync("data-result", result);
        await Expect(section.Locator(".evidence-list .tag.ok")).ToHaveCountAsync(evidenceFiles);
    }

    private static Task<IResponse> PostAsync(IPage page, string button, bool expectRedirect = true) =>
        PostAsync(page, page.Locator(button), expectRedirect);

    /// <summary>
    /// Clicks a form's submit button and waits for the answer to the POST itself: a redirect when the app accepted
    /// the form (the following page load is awaited by the caller's <c>Expect</c>), else the re-rendered page.
    /// </summary>
    private static async Task<IResponse> PostAsync(IPage page, ILocator button, bool expectRedirect = true)
    {
        var response = await page.RunAndWaitForResponseAsync(() => button.ClickAsync(), r => r.Request.Method == "POST");
        if (expectRedirect)
        {
            Assert.True(response.Status == 302, $"POST {response.Url} answered {response.Status} instead of redirecting.");
        }

        return response;
    }

    private Task<string> UserIdAsync(string email) =>
        Host.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))?.Id
            ?? throw new InvalidOperationException($"No user {email}."));

    /// <summary>The demo application the member <paramref name="applicantEmail"/>'s organization submitted and nobody has touched since.</summary>
    private Task<SeededApplication> SubmittedApplicationOfAsync(string applicantEmail) => Host.WithScopeAsync(async sp =>
    {
        var user = await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(applicantEmail)
            ?? throw new InvalidOperationException($"No demo user {applicantEmail}.");
        var db = sp.GetRequiredService<AppDbContext>();
        var application = await db.Applications.AsNoTracking()
            .Include(a => a.Evidence)
            .Include(a => a.Declarations)
            .Where(a => a.OrganizationId == user.OrganizationId && a.Status == ApplicationStatus.Submitted)
            .OrderBy(a => a.SubmittedAt)
            .FirstOrDefaultAsync()
            ?? throw new InvalidOperationException($"The demo data has no submitted application of {applicantEmail}'s organization.");
        var catalog = sp.GetRequiredService<SealProgramCatalog>().Get(application.ProgramId, application.CatalogVersion);
        return new SeededApplication(application.Id, application.ProductName, application.SubmittedAt!.Value,
            catalog.Criteria.OrderBy(c => c.Order).Select(c => c.Id).ToList(), catalog.Criteria.ToDictionary(c => c.Id, c => c.Title.In("en")),
            application.Declarations.ToDictionary(d => d.CriterionId, d => d.Explanation), application.Evidence.Where(e => e.IsCurrent).ToList());
    });

    [GeneratedRegex("^(Approved|Issued)$")]
    private static partial Regex ApprovedOrIssued();

    private sealed record SeededApplication(Guid Id, string ProductName, DateTimeOffset SubmittedAt, IReadOnlyList<string> CriterionIds,
        IReadOnlyDictionary<string, string> Titles, IReadOnlyDictionary<string, string> Explanations, IReadOnlyList<EvidenceFile> Evidence)
    {
        public int EvidenceCount(string criterionId) => Evidence.Count(e => e.CriterionId == criterionId);

        public IReadOnlyList<string> EvidenceDigests(string criterionId) =>
            Evidence.Where(e => e.CriterionId == criterionId).Select(e => e.Sha256).ToList();
    }
}
