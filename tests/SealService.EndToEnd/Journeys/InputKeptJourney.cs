using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Apply;
using SealService.Audit;
using SealService.Data;
using SealService.Demo;
using SealService.Tests.Support;
using SealService.Domain;
using SealService.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SealService.EndToEnd.Journeys;

/// <summary>
/// Issue #12, items 2 and 3, as a person meets them, finding every control by its role and visible label: a failed or
/// partial post never discards what was typed, the error sits next to its field and has the focus, and no result or
/// decision is chosen for anyone.
/// </summary>
public sealed class InputKeptJourney(EndToEndFixture fixture) : BrowserTest(fixture), IDisposable
{
    private readonly string evidencePath = Path.Combine(Path.GetTempPath(), $"sealservice-e2e-kept-{Guid.NewGuid():N}.pdf");

    public void Dispose() => File.Delete(evidencePath);

    [Fact]
    public Task Uploading_evidence_keeps_the_answer_and_explanation_the_applicant_typed() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var applicationId = await DraftOfDemoApplicantAsync();
        await File.WriteAllBytesAsync(evidencePath, ApplicantJourney.MinimalPdf("Location of the development team"));
        var page = await NewDesktopPageAsync();
        await SignInAsync(page, DemoSeeder.ApplicantEmail, DemoSeeder.DemoPassword);
        await page.GotoAsync($"/Apply/Application/{applicationId}/Criterion/SMIG-DEV");
        await page.AssertAccessibleAsync();

        const string explanation = "All development happens at our office in Bonn; the register extract shows the address.";
        await page.GetByLabel("Is the criterion met?").SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "Met" });
        await page.GetByLabel("Explanation").FillAsync(explanation);
        await page.GetByLabel("File").SetInputFilesAsync(evidencePath);
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload evidence" }).ClickAsync();

        await Expect(page.GetByText($"{Path.GetFileName(evidencePath)} is attached.")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Is the criterion met?")).ToHaveValueAsync(nameof(DeclarationAnswer.Met));
        await Expect(page.GetByLabel("Explanation")).ToHaveValueAsync(explanation);
        await page.AssertAccessibleAsync();
        var declaration = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Declarations.AsNoTracking()
            .SingleAsync(d => d.ApplicationId == applicationId && d.CriterionId == "SMIG-DEV"));
        Assert.Equal(DeclarationAnswer.Met, declaration.Answer);
        Assert.Equal(explanation, declaration.Explanation);
    });

    [Fact]
    public Task A_refused_assessment_keeps_the_result_and_reviewed_evidence_and_focuses_the_comment() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var (applicationId, criterionId) = await AssignedToDemoAuditorAsync(DemoSeeder.ApplicantEmail);
        var page = await NewDesktopPageAsync();
        await SignInAsync(page, DemoSeeder.AuditorEmail, DemoSeeder.DemoPassword);
        await page.GotoAsync($"/Audit/Application/{applicationId}");
        await page.AssertAccessibleAsync();

        // Nothing is chosen for the auditor: every criterion starts without a result.
        var results = page.GetByLabel("Result", new() { Exact = true });
        Assert.True(await results.CountAsync() > 1);
        for (var i = 0; i < await results.CountAsync(); i++)
        {
            await Expect(results.Nth(i)).ToHaveValueAsync("");
        }

        var form = page.Locator($"#assess-{criterionId}");
        await form.GetByLabel("Result", new() { Exact = true }).SelectOptionAsync(new Microsoft.Playwright.SelectOptionValue { Label = "Major nonconformity" });
        var evidence = form.GetByRole(AriaRole.Group, new() { Name = "Evidence reviewed" }).GetByRole(AriaRole.Checkbox).First;
        await evidence.CheckAsync();
        await form.GetByRole(AriaRole.Button, new() { Name = "Save assessment" }).ClickAsync();

        // Refused (a nonconformity needs a comment): the choices stay, the message is at the comment, which has the focus.
        form = page.Locator($"#assess-{criterionId}");
        var comment = form.GetByLabel("Comment", new() { Exact = true });
        await Expect(comment).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(comment).ToBeFocusedAsync();
        await Expect(form.GetByLabel("Result", new() { Exact = true })).ToHaveValueAsync(nameof(AssessmentResult.MajorNonconformity));
        await Expect(form.GetByRole(AriaRole.Group, new() { Name = "Evidence reviewed" }).GetByRole(AriaRole.Checkbox).First).ToBeCheckedAsync();
        var describedBy = await comment.GetAttributeAsync("aria-describedby") ?? "";
        var error = page.Locator($"[id='{describedBy.Split(' ')[0]}']");
        await Expect(error).ToContainTextAsync("comment");
        await page.AssertAccessibleAsync();
        var stored = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Assessments.AsNoTracking()
            .AnyAsync(a => a.ApplicationId == applicationId && a.CriterionId == criterionId && a.Result == AssessmentResult.MajorNonconformity));
        Assert.False(stored);
    });

    [Fact]
    public Task The_certifier_gets_no_preselected_decision() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var (applicationId, _) = await AssignedToDemoAuditorAsync(DemoSeeder.RwandaApplicantEmail);
        await Host.WithScopeAsync(async sp =>
        {
            var auditor = await UserAsync(sp, DemoSeeder.AuditorEmail);
            var actor = await sp.GetRequiredService<StaffDirectory>().ActorAsync(auditor.Id) ?? throw new InvalidOperationException("No auditor.");
            var workflow = sp.GetRequiredService<AuditWorkflow>();
            var checklist = await workflow.ChecklistAsync(applicationId, actor) ?? throw new InvalidOperationException("No checklist.");
            foreach (var item in checklist.Items)
            {
                var digests = checklist.Application.Evidence.Where(e => e.IsCurrent && e.CriterionId == item.Criterion.Id).Select(e => e.Sha256).ToList();
                Assert.True(await workflow.AssessAsync(applicationId, new AssessmentInput(item.Criterion.Id, AssessmentResult.Conforms, "Consistent.", digests), actor));
            }

            Assert.True(await workflow.RecommendAsync(applicationId, true, "Every criterion conforms.", actor));
        });

        var page = await NewDesktopPageAsync();
        await SignInAsync(page, DemoSeeder.CertifierEmail, DemoSeeder.DemoPassword);
        await page.GotoAsync($"/Certify/Application/{applicationId}");
        await page.AssertAccessibleAsync();
        var decision = page.GetByRole(AriaRole.Group, new() { Name = "Your decision" });
        await Expect(decision.GetByLabel("Approve")).Not.ToBeCheckedAsync();
        await Expect(decision.GetByLabel("Reject")).Not.ToBeCheckedAsync();

        // Recording without a choice does not go through (the browser asks for the required choice), and the typed reason stays.
        const string reason = "Checked the audit report and the evidence list.";
        await page.GetByLabel("Reason").FillAsync(reason);
        await page.GetByRole(AriaRole.Button, new() { Name = "Record decision" }).ClickAsync();
        Assert.True(await decision.GetByLabel("Approve").EvaluateAsync<bool>("radio => radio.validity.valueMissing"));
        await Expect(page.GetByLabel("Reason")).ToHaveValueAsync(reason);
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Your decision" }).GetByLabel("Approve")).Not.ToBeCheckedAsync();
        var status = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking()
            .Where(a => a.Id == applicationId).Select(a => a.Status).SingleAsync());
        Assert.Equal(ApplicationStatus.Recommended, status);
    });

    /// <summary>A new draft of the demo applicant's organization, with nothing declared yet.</summary>
    private Task<Guid> DraftOfDemoApplicantAsync() => Host.WithScopeAsync(async sp =>
    {
        var user = await UserAsync(sp, DemoSeeder.ApplicantEmail);
        var actor = DomainShortcuts.ActorFor(user, Roles.Applicant);
        var application = await sp.GetRequiredService<ApplicationWorkflow>()
            .StartAsync("smig", new ProductInfo("Werkbank Kasse", "1.0", "Point of sale for craft businesses", null), actor);
        return application.Id;
    });

    /// <summary>A demo organization's submitted application, assigned by the demo certifier to the demo auditor; and a criterion with evidence.</summary>
    private Task<(Guid Id, string CriterionId)> AssignedToDemoAuditorAsync(string applicantEmail) => Host.WithScopeAsync(async sp =>
    {
        var applicant = await UserAsync(sp, applicantEmail);
        var submitted = await sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking().Include(a => a.Evidence)
            .Where(a => a.OrganizationId == applicant.OrganizationId && a.Status == ApplicationStatus.Submitted)
            .OrderBy(a => a.SubmittedAt)
            .ToListAsync();
        var application = submitted.First(a => a.Evidence.Any(e => e.IsCurrent));
        var staff = sp.GetRequiredService<StaffDirectory>();
        var certifier = await staff.ActorAsync((await UserAsync(sp, DemoSeeder.CertifierEmail)).Id) ?? throw new InvalidOperationException("No certifier.");
        var auditor = await UserAsync(sp, DemoSeeder.AuditorEmail);
        Assert.True(await sp.GetRequiredService<AuditWorkflow>().AssignAsync(application.Id, auditor.Id, certifier));
        return (application.Id, application.Evidence.First(e => e.IsCurrent).CriterionId);
    });

    private static async Task<AppUser> UserAsync(IServiceProvider sp, string email) =>
        await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email) ?? throw new InvalidOperationException($"No demo user {email}.");
}
