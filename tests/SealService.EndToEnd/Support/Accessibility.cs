using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using SealService.Admin;

namespace SealService.EndToEnd.Support;

/// <summary>
/// The axe-core check every browser journey runs on each page it visits: WCAG 2.0-2.2 A and AA rules, failing on any
/// serious or critical violation with the rule, the help text and the offending elements.
/// </summary>
public static class Accessibility
{
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
    };

    /// <summary>Runs axe on the page as it is now; throws listing every serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe(Options);
        var blocking = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        if (blocking.Count == 0)
        {
            return;
        }

        var lines = blocking.SelectMany(v => v.Nodes.Take(5).Select(n => $"  [{v.Impact}] {v.Id}: {v.Help} at {n.Target} — {Shorten(n.Html)}"));
        var language = await page.EvaluateAsync<string>("() => document.documentElement.lang");
        var width = page.ViewportSize?.Width;
        throw new Xunit.Sdk.XunitException($"axe: {blocking.Count} serious/critical accessibility violation(s) on {page.Url} (lang {language}, {width} px):{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
    }

    private static string Shorten(string? html) => html is null ? "" : html.Length > 160 ? html[..160] + "…" : html;
}
