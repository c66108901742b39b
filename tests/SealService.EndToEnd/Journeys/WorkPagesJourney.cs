using SealService.Demo;
using SealService.Data;
using SealService.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SealService.EndToEnd.Journeys;

/// <summary>Issue 12 items 1, 8 and 9 in a browser: sign-in lands on the person's work, certifiers reach the certificates, visitors reach the program pages.</summary>
public sealed class WorkPagesJourney(EndToEndFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Certifier_signs_in_from_the_header_lands_on_decisions_and_reaches_a_certificate_through_the_menu() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var page = await NewDesktopPageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("E-mail").FillAsync(DemoSeeder.CertifierEmail);
        await page.GetByLabel("Password").FillAsync(DemoSeeder.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Certify$"));
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main navigation" }).GetByRole(AriaRole.Link, new() { Name = "Certificates" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Certificates", Level = 1 })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Table).GetByRole(AriaRole.Link).First.ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Certify/Certificate/"));
        await page.AssertAccessibleAsync();
    });

    [Fact]
    public Task Phone_visitor_opens_a_program_from_the_home_page_and_sees_its_criteria_and_draft_status() => JourneyAsync(async () =>
    {
        var page = await NewPhonePageAsync();
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "Rwanda Tech Seal" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Rwanda Tech Seal", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Draft criteria, to be confirmed by the program owner.", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "How to apply" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Criteria", Exact = false })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 375, $"the program page scrolls sideways on a phone: {scrollWidth} px");
    });
}
