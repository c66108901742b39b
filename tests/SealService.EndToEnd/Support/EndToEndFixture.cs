namespace SealService.EndToEnd.Support;

/// <summary>
/// One running app (<see cref="SealServiceHost"/>) and one headless Chromium per test class. Chromium is Debian's
/// (<c>apt-get install chromium</c>); Playwright never downloads a browser. Without Chromium every test fails with
/// a message saying so, rather than being skipped.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    /// <summary>Playwright's own per-action timeout; generous for a loaded 2-core CI machine, never infinite.</summary>
    public const float ActionTimeoutMs = 15_000;

    public const float NavigationTimeoutMs = 30_000;

    /// <summary>Password of every account made with <see cref="BrowserTest.CreateUserAsync"/>.</summary>
    public const string Password = "E2e-Password-2026";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public SealServiceHost Host { get; } = new();

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The fixture is not initialized.");

    /// <summary>The Chromium binary: <c>CHROMIUM_PATH</c> when set, else Debian's <c>/usr/bin/chromium</c>.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}. The browser tests need Debian's Chromium: run 'apt-get install chromium' " +
                "(./test.sh does this when it runs as root) or set CHROMIUM_PATH.");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Assertions.SetDefaultExpectTimeout(ActionTimeoutMs);
        Host.StartServer();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = NavigationTimeoutMs,
        });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        await Host.DisposeAsync();
    }
}
