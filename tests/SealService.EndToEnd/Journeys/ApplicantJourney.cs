using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Microsoft.Playwright.Assertions;
using SealService.Demo;
using SealService.Admin;
using SealService.Apply;
using SealService.Data;
using SealService.Domain;
using SealService.EndToEnd.Support;
using SealService.Programs;

namespace SealService.EndToEnd.Journeys;

public sealed partial class ApplicantJourney(EndToEndFixture fixture) : BrowserTest(fixture), IDisposable
{
    private const int PhoneWidth = 375;

    private static readonly string[] SmigCriteria = ["SMIG-HQ", "SMIG-DEV", "SMIG-QA", "SMIG-LANG", "SMIG-MAINT", "SMIG-REF"];

    private readonly string evidencePath = Path.Combine(Path.GetTempPath(), $"sealservice-e2e-evidence-{Guid.NewGuid():N}.pdf");

    [Fact]
    public Task New_applicant_registers_creates_the_organization_answers_every_smig_criterion_and_submits() => JourneyAsync(async () =>
    {
        const string password = "Applicant-Journey-2026";
        var email = $"applicant-{Guid.NewGuid():N}@e2e.example";
        await File.WriteAllBytesAsync(evidencePath, MinimalPdf("Quality management handbook"));
        var page = await NewDesktopPageAsync();

        await page.GotoAsync("/Identity/Account/Register");
        await page.AssertAccessibleAsync();
        var register = page.Locator("form#registerForm");
        await register.Locator("[name='Input.DisplayName']").FillAsync("Greta Gründerin");
        await register.Locator("[name='Input.Email']").FillAsync(email);
        await register.Locator("[name='Input.Password']").FillAsync(password);
        await register.Locator("[name='Input.ConfirmPassword']").FillAsync(password);
        await page.ClickAsync("button#registerSubmit");
        await Expect(page).Not.ToHaveURLAsync(RegisterPage());

        var confirmation = await page.GotoAsync(await ReadLatestMailLinkAsync(email));
        await page.AssertAccessibleAsync();
        Assert.Equal(200, confirmation!.Status);
        await SignInAsync(page, email, password);

        // A new applicant has no organization yet: the applicant area sends them to the profile first.
        await page.GotoAsync("/Apply");
        await page.AssertAccessibleAsync();
        await Expect(page).ToHaveURLAsync(PagePath("/Apply/Organization"));
        await Expect(page.Locator("#organization-first")).ToBeVisibleAsync();
        var organization = page.Locator("form#organization-form");
        await Expect(organization.Locator("[name='Input.ContactEmail']")).ToHaveValueAsync(email);
        await organization.Locator("[name='Input.LegalName']").FillAsync("Gründerwerk Software");
        await organization.Locator("[name='Input.LegalForm']").FillAsync("GmbH");
        await organization.Locator("[name='Input.RegistrationNumber']").FillAsync("HRB 98765 (Amtsgericht Köln)");
        await page.SelectOptionAsync("select#Input_Country", "DE");
        await organization.Locator("[name='Input.Street']").FillAsync("Domstraße 1");
        await organization.Locator("[name='Input.PostalCode']").FillAsync("50667");
        await organization.Locator("[name='Input.City']").FillAsync("Köln");
        await organization.Locator("[name='Input.Website']").FillAsync("https://gruenderwerk.example");
        await organization.Locator("[name='Input.ContactName']").FillAsync("Greta Gründerin");
        await organization.Locator("[name='Input.ContactEmail']").FillAsync(email);
        await page.ClickAsync("button#save-organization");
        await Expect(page).ToHaveURLAsync(PagePath("/Apply"));
        await Expect(page.Locator("#organization-name")).ToContainTextAsync("Gründerwerk Software");
        await Expect(page.Locator("#no-applications")).ToBeVisibleAsync();

        await page.ClickAsync("a#start-application");
        var newApplication = page.Locator("form#new-application-form");
        await newApplication.Locator("#program-smig").CheckAsync();
        await newApplication.Locator("[name='Input.ProductName']").FillAsync("Werkbank ERP");
        await newApplication.Locator("[name='Input.ProductVersion']").FillAsync("4.2");
        await newApplication.Locator("[name='Input.ProductDescription']").FillAsync("Enterprise resource planning for craft businesses.");
        await newApplication.Locator("[name='Input.ProductWebsite']").FillAsync("https://gruenderwerk.example/werkbank");
        await page.ClickAsync("button#create-application");
        await Expect(page).ToHaveURLAsync(ApplicationPage());
        var applicationUrl = page.Url;
        await Expect(page.Locator("#product-name")).ToHaveTextAsync("Werkbank ERP");
        await Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", "Draft");

        var criteria = page.Locator("ol#checklist li.criterion");
        await Expect(criteria).ToHaveCountAsync(SmigCriteria.Length);
        Assert.Equal(SmigCriteria.Order(StringComparer.Ordinal),
            (await criteria.EvaluateAllAsync<string[]>("items => items.map(li => li.dataset.criterion)")).Order(StringComparer.Ordinal));
        await Expect(page.Locator("li.criterion[data-state=done]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#ready")).ToHaveCountAsync(0);

        foreach (var criterionId in SmigCriteria)
        {
            await page.Locator($"li.criterion[data-criterion='{criterionId}'] a.edit-criterion").ClickAsync();
            await Expect(page.Locator("h1#criterion-title")).ToHaveAttributeAsync("data-criterion", criterionId);

            await page.SelectOptionAsync("select#Input_Answer", "Met");
            await page.FillAsync("textarea#Input_Explanation", $"{criterionId} is met; the attached document shows how we do it.");
            await page.ClickAsync("button#save-draft");
            await Expect(page.Locator(".notice.success")).ToContainTextAsync(criterionId);
            await Expect(page.Locator("select#Input_Answer")).ToHaveValueAsync("Met");

            await page.SetInputFilesAsync("input#evidence-file", evidencePath);
            await page.ClickAsync("button#upload-evidence");
            await Expect(page.Locator(".notice.success")).ToContainTextAsync(Path.GetFileName(evidencePath));
            await Expect(page.Locator("#evidence-list li.evidence a.download-evidence")).ToHaveTextAsync(Path.GetFileName(evidencePath));

            await page.ClickAsync("a#back-to-application");
            await Expect(page.Locator($"li.criterion[data-criterion='{criterionId}']")).ToHaveAttributeAsync("data-state", "done");
        }

        await Expect(page.Locator("li.criterion[data-state=done]")).ToHaveCountAsync(SmigCriteria.Length);
        await Expect(page.Locator("#ready")).ToBeVisibleAsync();
        await Expect(page.Locator("progress#progress")).ToHaveAttributeAsync("value", "100");
        await Expect(page.Locator("#blockers")).ToHaveCountAsync(0);

        await page.ClickAsync("a#go-submit");
        var attestation = page.Locator("blockquote#attestation-text");
        await Expect(attestation).ToBeVisibleAsync();
        var smig = Host.Services.GetRequiredService<SealProgramCatalog>().FindProgram("smig")!.Current;
        await Expect(attestation).ToHaveTextAsync(smig.Attestation.In("en"));
        await Expect(page.Locator("#submission-blockers")).ToHaveCountAsync(0);
        var submit = page.Locator("form#submit-form");
        await submit.Locator("[name='Input.Name']").FillAsync("Greta Gründerin");
        await submit.Locator("[name='Input.Role']").FillAsync("Geschäftsführerin");
        await submit.Locator("#Input_Confirm").CheckAsync();
        await page.ClickAsync("button#submit-application");

        await Expect(page).ToHaveURLAsync(applicationUrl);
        await Expect(page.Locator("#application-status[data-status=Submitted]")).ToBeVisibleAsync();
        await Expect(page.Locator("#application-status")).ToHaveTextAsync("Submitted");
        await Expect(page.Locator("#go-submit")).ToHaveCountAsync(0);
        await Expect(page.Locator("#revisions tr.revision td").Nth(2)).ToContainTextAsync("Greta Gründerin (Geschäftsführerin)");

        var applicationId = Guid.Parse(ApplicationPage().Match(applicationUrl).Groups["id"].Value);
        var stored = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking()
            .Include(a => a.Revisions).Include(a => a.Evidence).SingleAsync(a => a.Id == applicationId));
        Assert.Equal(ApplicationStatus.Submitted, stored.Status);
        Assert.Equal("Greta Gründerin", Assert.Single(stored.Revisions).AttestedByName);
        Assert.Equal(SmigCriteria.Order(StringComparer.Ordinal), stored.Evidence.Select(e => e.CriterionId).Order(StringComparer.Ordinal));

        await page.GotoAsync("/Apply");
        await page.AssertAccessibleAsync();
        await Expect(page.Locator($"tr.application-row[data-application-id='{applicationId}']")).ToHaveAttributeAsync("data-status", "Submitted");
    });

    [Fact]
    public Task German_applicant_on_a_phone_sees_the_application_pages_in_German_without_sideways_scrolling() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var page = await NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = PhoneWidth, Height = 812 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
            Locale = "de-DE",
        });
        await SignInAsync(page, DemoSeeder.ApplicantEmail, DemoSeeder.DemoPassword);
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");

        await page.GotoAsync("/Apply");
        await page.AssertAccessibleAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Meine Anträge");
        await AssertFitsThePhoneAsync(page);

        // The demo's German applicant has a submitted smig application: revisions table with its long digest.
        await page.Locator("tr.application-row[data-program=smig][data-status=Submitted] a.open-application").ClickAsync();
        await Expect(page.Locator("#application-status")).ToHaveTextAsync("Eingereicht");
        await Expect(page.Locator("main h2", new PageLocatorOptions { HasText = "Eingereichte Revisionen" })).ToBeVisibleAsync();
        await Expect(page.Locator("main h2", new PageLocatorOptions { HasText = "Kriterien" })).ToBeVisibleAsync();
        await AssertFitsThePhoneAsync(page);

        await page.Locator("li.criterion a.edit-criterion").First.ClickAsync();
        await Expect(page.Locator("main h2", new PageLocatorOptions { HasText = "Ihre Erklärung" })).ToBeVisibleAsync();
        await Expect(page.Locator("main h2", new PageLocatorOptions { HasText = "Nachweise" })).ToBeVisibleAsync();
        await Expect(page.Locator("#read-only")).ToBeVisibleAsync();
        await AssertFitsThePhoneAsync(page);

        await page.GotoAsync("/Apply/New");
        await page.AssertAccessibleAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Neuen Antrag stellen");
        await Expect(page.Locator("form#new-application-form legend").First).ToHaveTextAsync("Siegelprogramm");
        await AssertFitsThePhoneAsync(page);
        await page.Locator("#program-smig").CheckAsync();
        await page.FillAsync("[name='Input.ProductName']", "Taschenrechner Pro");
        await page.FillAsync("[name='Input.ProductVersion']", "1.0");
        await page.ClickAsync("button#create-application");
        await Expect(page).ToHaveURLAsync(ApplicationPage());
        await Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", "Draft");
        await Expect(page.Locator("#readiness h2")).ToHaveTextAsync("Bereit zum Einreichen?");
        await Expect(page.Locator("#blockers li.blocker").First).ToBeVisibleAsync();
        await AssertFitsThePhoneAsync(page);

        await page.ClickAsync("a#go-submit");
        var attestation = page.Locator("blockquote#attestation-text");
        await Expect(attestation).ToHaveAttributeAsync("lang", "de");
        await Expect(attestation).ToHaveTextAsync(Host.Services.GetRequiredService<SealProgramCatalog>().FindProgram("smig")!.Current.Attestation.In("de"));
        await Expect(page.Locator("#submission-blockers")).ToContainTextAsync("Vor dem Einreichen fehlt noch:");
        await Expect(page.Locator("#submission-blockers li.blocker").First).ToHaveTextAsync("SMIG-HQ: Unternehmenssitz in Deutschland – Antwort fehlt");
        await Expect(page.Locator("#submission-blockers")).Not.ToContainTextAsync("missing");
        await AssertFitsThePhoneAsync(page);

        await page.GotoAsync("/Apply/Organization");
        await page.AssertAccessibleAsync();
        await Expect(page.Locator("form#organization-form")).ToBeVisibleAsync();
        await AssertFitsThePhoneAsync(page);
    });

    [Fact]
    public Task Submitting_with_a_mandatory_criterion_unanswered_shows_what_is_missing_and_keeps_the_draft() => JourneyAsync(async () =>
    {
        var (applicant, applicationId) = await ArrangeDraftWithoutAnswerAsync("SMIG-REF");
        var page = await NewDesktopPageAsync();
        await SignInAsync(page, applicant.Email!, EndToEndFixture.Password);

        await page.GotoAsync($"/Apply/Application/{applicationId}");
        await page.AssertAccessibleAsync();
        await Expect(page.Locator("li.criterion[data-criterion='SMIG-REF']")).ToHaveAttributeAsync("data-state", "missing");
        await Expect(page.Locator("li.criterion[data-state=done]")).ToHaveCountAsync(SmigCriteria.Length - 1);
        await Expect(page.Locator("#blockers")).ToContainTextAsync("SMIG-REF");
        await Expect(page.Locator("#ready")).ToHaveCountAsync(0);

        await page.ClickAsync("a#go-submit");
        await page.FillAsync("[name='Input.Name']", "Max Mustermann");
        await page.FillAsync("[name='Input.Role']", "Geschäftsführer");
        await page.CheckAsync("#Input_Confirm");
        await page.ClickAsync("button#submit-application");

        await Expect(page.Locator("#error-summary")).ToBeVisibleAsync();
        await Expect(page.Locator("#submission-blockers")).ToContainTextAsync("SMIG-REF");
        await Expect(page.Locator("#submission-blockers li.blocker")).ToHaveCountAsync(1);

        await page.ClickAsync("main a[href='/Apply/Application/" + applicationId + "']");
        await Expect(page.Locator("#application-status")).ToHaveAttributeAsync("data-status", "Draft");
        var stored = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking()
            .Include(a => a.Revisions).SingleAsync(a => a.Id == applicationId));
        Assert.Equal(ApplicationStatus.Draft, stored.Status);
        Assert.Empty(stored.Revisions);
    });

    public void Dispose() => File.Delete(evidencePath);

    /// <summary>A smig draft of a new organization: every criterion answered "Met" with evidence, except <paramref name="unanswered"/> (evidence only).</summary>
    private async Task<(AppUser Applicant, Guid ApplicationId)> ArrangeDraftWithoutAnswerAsync(string unanswered)
    {
        var organization = Organization.Create(
            new OrganizationProfile("Mustermann Software", "GmbH", "HRB 4711 (Amtsgericht Bonn)", "DE", "Hauptstraße 5", "53111", "Bonn",
                "https://mustermann.example", "Max Mustermann", "max@mustermann.example", IsAssociationMember: false),
            DateTimeOffset.UtcNow);
        var applicant = await CreateUserAsync(Roles.Applicant, organization, displayName: "Max Mustermann");
        var actor = new Actor(applicant.Id, applicant.DisplayName, organization.Id, new HashSet<string>([Roles.Applicant]));
        var applicationId = await Host.WithScopeAsync(async sp =>
        {
            var workflow = sp.GetRequiredService<ApplicationWorkflow>();
            var evidence = sp.GetRequiredService<EvidenceStore>();
            var application = await workflow.StartAsync("smig", new ProductInfo("Musterkasse", "2.0", "Point of sale", null), actor);
            foreach (var criterionId in SmigCriteria)
            {
                if (criterionId != unanswered)
                {
                    await workflow.DeclareAsync(application, criterionId, DeclarationAnswer.Met, $"{criterionId} is met.", actor);
                }

                var pdf = MinimalPdf(criterionId);
                using var content = new MemoryStream(pdf);
                await evidence.AddAsync(application, criterionId, $"{criterionId.ToLowerInvariant()}.pdf", pdf.Length, content, null, actor);
            }

            return application.Id;
        });
        return (applicant, applicationId);
    }

    private static async Task AssertFitsThePhoneAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<string[]>(
            """
            () => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest('.table-wrap'))
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + String(e.className).trim().replace(/\s+/g, '.') : '')
                    + ' right=' + Math.round(e.getBoundingClientRect().right))
            """);
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= PhoneWidth + 1,
            $"{page.Url} scrolls sideways on a {PhoneWidth} px phone: the document is {scrollWidth} px wide; widest elements: {string.Join(", ", overflow)}");
    }

    /// <summary>A one-page PDF with one line of text (the demo's evidence documents).</summary>
    internal static byte[] MinimalPdf(string line) => DemoEvidence.Pdf(line);

    private static Regex PagePath(string path) => new($"^[^?#]*//[^/]+{Regex.Escape(path)}/?(\\?.*)?$", RegexOptions.IgnoreCase);

    [GeneratedRegex(@"/Identity/Account/Register(\?.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex RegisterPage();

    [GeneratedRegex(@"/Apply/Application/(?<id>[0-9a-f-]{36})$", RegexOptions.IgnoreCase)]
    private static partial Regex ApplicationPage();
}
