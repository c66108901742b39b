using System.Text.Json;
using System.Text.RegularExpressions;

namespace SealService.Tests.Localization;

/// <summary>
/// German and English everywhere: every text a page asks for with T["..."] has a German translation, and no two
/// translation files disagree about the same text.
/// </summary>
public sealed partial class TranslationCoverageTests
{
    private static readonly string SourceRoot = FindSourceRoot();

    private static string FindSourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SealService.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("SealService.sln not found above the test output."), "src", "SealService");
    }

    private static Dictionary<string, string> Load(string language, List<string> conflicts)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(SourceRoot, "Resources", "Strings"), $"*.{language}.json"))
        {
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!)
            {
                if (merged.TryGetValue(key, out var existing) && existing != value)
                {
                    conflicts.Add($"{Path.GetFileName(file)}: \"{key}\" is \"{value}\" here but \"{existing}\" elsewhere");
                }

                merged[key] = value;
            }
        }

        return merged;
    }

    [GeneratedRegex("""T\["((?:[^"\\]|\\.)+)"\]""")]
    private static partial Regex PageText();

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("rw")]
    public void Translation_files_do_not_contradict_each_other(string language)
    {
        var conflicts = new List<string>();
        Load(language, conflicts);
        Assert.True(conflicts.Count == 0, string.Join(Environment.NewLine, conflicts));
    }

    [Fact]
    public void Every_page_text_has_a_german_translation()
    {
        var german = Load("de", []);
        var missing = Directory.EnumerateFiles(SourceRoot, "*.cshtml", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => PageText().Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(SourceRoot, f), Text: Regex.Unescape(m.Groups[1].Value))))
            .Where(t => !german.ContainsKey(t.Text))
            .Select(t => $"{t.File}: \"{t.Text}\"")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} page texts without German translation:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }
}
