using Microsoft.Extensions.DependencyInjection;
using SealService.Demo;
using SealService.Data;
using SealService.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SealService.EndToEnd.Journeys;

/// <summary>
/// The public pages and each role's start page, checked with axe in English and German on a desktop (1280 px) and a
/// phone (375 px). With SEALSERVICE_SCREENSHOTS set to a folder (docs/screenshots), it also saves an English screenshot of
/// every page at both widths there: docs/screenshots/update.sh runs it that way.
/// </summary>
public sealed class AccessibilityJourney(EndToEndFixture fixture) : BrowserTest(fixture)
{
    private static readonly string[] PublicPages = ["/", "/Programs", "/Programs/smig", "/Programs/rwts", "/Verify", "/Registry", "/Verify/Upload", "/Identity/Account/Login", "/Identity/Account/Register"];

    public static TheoryData<string, int> Variants => new() { { "en", 1280 }, { "de", 1280 }, { "en", 375 }, { "de", 375 } };

    [Theory]
    [MemberData(nameof(Variants))]
    public Task Public_pages_and_work_pages_have_no_serious_accessibility_violations(string language, int width) => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var page = await NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = width < 600 ? 812 : 900 },
            IsMobile = width < 600,
            HasTouch = width < 600,
            Locale = language == "de" ? "de-DE" : "en-US",
            ExtraHTTPHeaders = new Dictionary<string, string> { ["Accept-Language"] = language },
        });

        var serial = await Host.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<AppDbContext>().Certificates.OrderBy(c => c.IssuedAt).Select(c => new { c.Serial, c.QrToken }).First()));
        foreach (var path in PublicPages.Append($"/Verify?serial={serial.Serial}").Append($"/V/{serial.QrToken}"))
        {
            await VisitAsync(page, path, language, width);
        }

        foreach (var (email, start) in new[] { (DemoSeeder.ApplicantEmail, "/Apply"), (DemoSeeder.AuditorEmail, "/Audit"), (DemoSeeder.CertifierEmail, "/Certify") })
        {
            await SignInAsync(page, email, DemoSeeder.DemoPassword);
            await VisitAsync(page, start, language, width);
            await SignOutAsync(page);
        }
    });

    /// <summary>The check itself must be able to fail: a page with an unlabelled image and field is refused.</summary>
    [Fact]
    public Task The_check_fails_on_a_page_with_serious_violations() => JourneyAsync(async () =>
    {
        var page = await NewDesktopPageAsync();
        await page.GotoAsync("/Status/404");
        await page.SetContentAsync("<!DOCTYPE html><html lang=\"en\"><head><title>t</title></head><body><main><img src=\"x.png\"><input type=\"text\"></main></body></html>");
        var failure = await Assert.ThrowsAsync<Xunit.Sdk.XunitException>(page.AssertAccessibleAsync);
        Assert.Contains("image-alt", failure.Message, StringComparison.Ordinal);
    });

    private static async Task VisitAsync(IPage page, string path, string language, int width)
    {
        var response = await page.GotoAsync(path);
        Assert.True(response!.Ok, $"{path}: HTTP {response.Status}");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
        await page.AssertAccessibleAsync();
        if (Environment.GetEnvironmentVariable("SEALSERVICE_SCREENSHOTS") is { Length: > 0 } folder && language == "en")
        {
            Directory.CreateDirectory(folder);
            var name = path.Trim('/').Split('?')[0].Replace('/', '-');
            name = name.StartsWith("V-", StringComparison.Ordinal) ? "qr-landing" : name.Length == 0 ? "home" : name.ToLowerInvariant();
            if (path.Contains("?serial=", StringComparison.Ordinal))
            {
                name = "verify-result";
            }

            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.{language}.{width}.png"), FullPage = true });
        }
    }
}
