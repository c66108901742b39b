using System.Runtime.CompilerServices;
using System.Text;
using SealService.Demo;
using SealService.Data;
using SealService.Domain;

namespace SealService.EndToEnd.Support;

/// <summary>
/// Base of every browser journey. xUnit makes a new instance per test, so each test gets fresh browser contexts
/// (no cookies carried over) against the class's shared app and browser. Wrap the test body in
/// <see cref="JourneyAsync"/> to get screenshots of every open page when it fails.
/// </summary>
public abstract class BrowserTest(EndToEndFixture fixture) : IClassFixture<EndToEndFixture>, IAsyncLifetime
{
    private readonly List<IBrowserContext> contexts = [];
    private readonly StringBuilder browserLog = new();

    protected EndToEndFixture Fixture => fixture;

    protected SealServiceHost Host => fixture.Host;

    /// <summary>Folder for failure screenshots: <c>E2E_ARTIFACTS</c> when set, else TestResults/screenshots in the project folder.</summary>
    public static string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    /// <summary>A phone (375 × 812, touch, mobile viewport rules) in a fresh context.</summary>
    protected Task<IPage> NewPhonePageAsync() => NewPageAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        IsMobile = true,
        HasTouch = true,
        DeviceScaleFactor = 2,
    });

    /// <summary>A desktop browser (1280 × 900) in a fresh context.</summary>
    protected Task<IPage> NewDesktopPageAsync() => NewPageAsync(new BrowserNewContextOptions
    {
        ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
    });

    /// <summary>A page in a fresh context with <paramref name="options"/>; relative URLs resolve against the app.</summary>
    protected async Task<IPage> NewPageAsync(BrowserNewContextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.BaseURL = Host.BaseUrl;
        options.Locale ??= "en-US";
        var context = await Fixture.Browser.NewContextAsync(options);
        context.SetDefaultTimeout(EndToEndFixture.ActionTimeoutMs);
        context.SetDefaultNavigationTimeout(EndToEndFixture.NavigationTimeoutMs);
        contexts.Add(context);
        var page = await context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                Log($"console {message.Type} on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) => Log($"page error on {page.Url}: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Log($"HTTP {response.Status} {response.Request.Method} {response.Url}");
            }
        };
        return page;
    }

    /// <summary>Signs in through the Identity login form and waits until the header shows the signed-in user.</summary>
    protected static async Task SignInAsync(IPage page, string email, string password)
    {
        if (await TrySignInAsync(page, email, password) is { } problem)
        {
            throw new InvalidOperationException($"Sign-in of {email} failed: {problem}");
        }
    }

    /// <summary>
    /// Submits the Identity login form; null when the app accepted the sign-in (it redirects and the header shows the
    /// sign-out button), else the error the login page shows.
    /// </summary>
    protected static async Task<string?> TrySignInAsync(IPage page, string email, string password)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/Identity/Account/Login");
        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", password);
        // Wait for the answer to the form post itself: the login page is still showing until the browser navigates.
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.ClickAsync("#login-submit"),
            r => r.Request.Method == "POST" && r.Url.Contains("/Identity/Account/Login", StringComparison.OrdinalIgnoreCase));
        if (answer.Status == 302)
        {
            await Assertions.Expect(page.Locator("form.logout button")).ToBeVisibleAsync();
            return null;
        }

        var errors = page.Locator(".validation-summary-errors");
        await Assertions.Expect(errors).ToBeVisibleAsync();
        var text = (await errors.InnerTextAsync()).Trim();
        return text.Length > 0 ? text : $"the login form answered {answer.Status}";
    }

    /// <summary>Signs out with the header's sign-out button and waits until the page offers "Sign in" again.</summary>
    protected static async Task SignOutAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.ClickAsync("form.logout button");
        await Assertions.Expect(page.Locator("header a[href^='/Identity/Account/Login']")).ToBeVisibleAsync();
    }

    /// <summary>The first link of the newest mail the app sent to <paramref name="toEmail"/>.</summary>
    protected Task<string> ReadLatestMailLinkAsync(string toEmail) => MailPickup.ReadLatestMailLinkAsync(Host.DataDirectory, toEmail);

    /// <summary>Demo data (users with <see cref="DemoSeeder.DemoPassword"/>); idempotent.</summary>
    protected Task<DemoReport> SeedDemoAsync() => Host.SeedDemoAsync();

    /// <summary>A confirmed account in <paramref name="role"/> with password <see cref="EndToEndFixture.Password"/>.</summary>
    protected Task<AppUser> CreateUserAsync(string role, Organization? organization = null, string? email = null, string? displayName = null) =>
        Host.CreateUserAsync(role, EndToEndFixture.Password, organization, email, displayName);

    /// <summary>Runs the test's steps; on failure saves a full-page screenshot of every open page and the browser log, then rethrows.</summary>
    protected async Task JourneyAsync(Func<Task> steps, [CallerMemberName] string test = "")
    {
        ArgumentNullException.ThrowIfNull(steps);
        try
        {
            await steps();
        }
        catch (Exception failure)
        {
            var saved = await SaveArtifactsAsync(test);
            throw new JourneyFailedException($"{GetType().Name}.{test} failed; screenshots and browser log: {saved}", failure);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts)
        {
            await context.CloseAsync();
        }
    }

    private void Log(string line)
    {
        lock (browserLog)
        {
            browserLog.AppendLine(line);
        }
    }

    private async Task<string> SaveArtifactsAsync(string test)
    {
        var prefix = Path.Combine(ScreenshotDirectory, $"{GetType().Name}.{test}");
        Directory.CreateDirectory(ScreenshotDirectory);
        var number = 0;
        foreach (var page in contexts.SelectMany(c => c.Pages))
        {
            number++;
            try
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"{prefix}-{number}.png", FullPage = true, Timeout = 10_000 });
                Log($"page {number} was at {page.Url}");
            }
            catch (PlaywrightException ex)
            {
                Log($"no screenshot of page {number} ({page.Url}): {ex.Message}");
            }
        }

        string log;
        lock (browserLog)
        {
            log = browserLog.ToString();
        }

        await File.WriteAllTextAsync($"{prefix}.log", log);
        return $"{prefix}-*.png, {prefix}.log";
    }

    private static string FindScreenshotDirectory()
    {
        if (Environment.GetEnvironmentVariable("E2E_ARTIFACTS") is { Length: > 0 } configured)
        {
            return Path.GetFullPath(configured);
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SealService.EndToEnd.csproj")))
            {
                return Path.Combine(dir.FullName, "TestResults", "screenshots");
            }
        }

        return Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
    }
}

/// <summary>A journey failed; the message says where its screenshots are, the inner exception why it failed.</summary>
public sealed class JourneyFailedException(string message, Exception inner) : Exception(message, inner);
