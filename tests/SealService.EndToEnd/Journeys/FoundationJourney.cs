using SealService.Demo;
using SealService.Data;
using SealService.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SealService.EndToEnd.Journeys;

public sealed class FoundationJourney(EndToEndFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Phone_visitor_switches_to_German_and_demo_admin_sees_the_seal_programs() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var page = await NewPhonePageAsync();

        var response = await page.GotoAsync("/");
        await page.AssertAccessibleAsync();
        Assert.Equal(200, response!.Status);
        await Expect(page.Locator("h1")).ToContainTextAsync("Trust seals for software");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await AssertNoHorizontalScrollingAsync(page);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Language" }).GetByRole(AriaRole.Link, new() { Name = "Deutsch" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "de");
        await Expect(page.GetByText("Siegel prüfen").First).ToBeVisibleAsync();
        await Expect(page.Locator("main h2").First).ToHaveTextAsync("Siegelprogramme");
        await AssertNoHorizontalScrollingAsync(page);

        await page.GetByRole(AriaRole.Navigation, new() { Name = "Sprache" }).GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");

        await SignInAsync(page, DemoSeeder.AdminEmail, DemoSeeder.DemoPassword);
        await Expect(page.Locator("a.who")).ToHaveTextAsync("Ada Admin");
        await page.GotoAsync("/Admin/Programs");
        await page.AssertAccessibleAsync();
        await Expect(page.Locator("main h1")).ToHaveTextAsync("Seal programs");
        var programs = page.Locator("main section.card h2");
        await Expect(programs).ToHaveCountAsync(3);
        Assert.Equal(["Rwanda Tech Seal", "Software Hosted in Germany", "Software Made in Germany"], (await programs.AllInnerTextsAsync()).Order(StringComparer.Ordinal));
        await AssertNoHorizontalScrollingAsync(page);

        await SignOutAsync(page);
        await page.GotoAsync("/Admin/Programs");
        await page.AssertAccessibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Identity/Account/Login"));
    });

    private static async Task AssertNoHorizontalScrollingAsync(IPage page)
    {
        var scrollWidth = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 375, $"{page.Url} scrolls sideways on a 375 px phone: document is {scrollWidth} px wide.");
    }
}
