using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using SealService.Data;
using SealService.Admin;
using SealService.Apply;
using SealService.Domain;
using SealService.Renewal;

namespace SealService.Tests.Localization;

/// <summary>
/// German and English everywhere: every text a page asks for with T["..."] has a German translation, and no two
/// translation files disagree about the same text. The public pages, sign-in and the applicant pages also read in French
/// and Kinyarwanda (the Rwanda Tech Seal's languages); the staff pages stay German and English.
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

    [GeneratedRegex("""T\.Format\("((?:[^"\\]|\\.)+)"[,)]""")]
    private static partial Regex FormattedPageText();

    [GeneratedRegex("""T\.Plural\([^"]+?,\s*"((?:[^"\\]|\\.)+)",\s*"((?:[^"\\]|\\.)+)"[,)]""")]
    private static partial Regex PluralPageText();

    [GeneratedRegex("""\{(\d+)(?:[,:][^}]*)?\}""")]
    private static partial Regex Placeholder();

    /// <summary>Both forms of every T.Plural(count, "one", "other", ...) in <paramref name="source"/>.</summary>
    private static IEnumerable<string> PluralForms(string source) =>
        PluralPageText().Matches(source).SelectMany(m => new[] { Regex.Unescape(m.Groups[1].Value), Regex.Unescape(m.Groups[2].Value) });

    /// <summary>The pages a Rwandan applicant or a member of the public sees; relative to src/SealService.</summary>
    private static readonly string[] EveryLanguageViews =
    [
        "Shared", "Home/Index.cshtml", "Home/Status.cshtml", "Home/Error.cshtml", "Home/AccessDenied.cshtml",
        "Registry", "Verify", "Apply", "Areas/Identity",
    ];

    /// <summary>Namespaces whose input models' validation messages those pages show.</summary>
    private static readonly string[] EveryLanguageNamespaces = ["SealService.Apply", "SealService.Areas.Identity", "SealService.Verify"];

    private static IEnumerable<string> Views(string relative)
    {
        var path = Path.Combine(SourceRoot, relative);
        return File.Exists(path) ? [path] : Directory.EnumerateFiles(path, "*.cshtml", SearchOption.AllDirectories);
    }

    private static IEnumerable<(string Source, string Text)> EveryLanguageTexts()
    {
        foreach (var view in EveryLanguageViews.SelectMany(Views))
        {
            var source = File.ReadAllText(view);
            foreach (var match in PageText().Matches(source).Concat(FormattedPageText().Matches(source)))
            {
                yield return (Path.GetRelativePath(SourceRoot, view), Regex.Unescape(match.Groups[1].Value));
            }

            foreach (var form in PluralForms(source))
            {
                yield return (Path.GetRelativePath(SourceRoot, view), form);
            }
        }

        foreach (var phrase in SealService.Infrastructure.Localization.StatusPhrases.All)
        {
            yield return ("StatusPhrases", phrase);
        }

        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            yield return ("ApplicationText.Status", ApplicationText.Status(status));
        }

        foreach (var answer in Enum.GetValues<DeclarationAnswer>())
        {
            yield return ("ApplicationText.Answer", ApplicationText.Answer(answer));
        }

        foreach (var action in ApplicationText.TimelineActions)
        {
            yield return ("ApplicationText.Action", ApplicationText.Action(action));
        }

        foreach (var problem in new[] { SubmissionBlocker.AnswerMissing, SubmissionBlocker.EvidenceMissing, SubmissionBlocker.AuditorQuestionUnanswered })
        {
            yield return ("SubmissionBlocker", problem);
        }

        foreach (var message in SealService.Infrastructure.Localization.ValidationMessages.All)
        {
            yield return ("ValidationMessages", message);
        }

        foreach (var status in new[] { "active", "suspended", "revoked", "expired", "superseded" })
        {
            yield return ("Registry status", SealService.Registry.IndexModel.StatusLabel(status));
        }

        var inputModels = typeof(ApplicationText).Assembly.GetTypes()
            .Where(t => EveryLanguageNamespaces.Any(n => t.Namespace?.StartsWith(n, StringComparison.Ordinal) == true));
        foreach (var type in inputModels)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>().Where(a => a.ErrorMessage is not null))
                {
                    yield return ($"{type.Name}.{property.Name}", attribute.ErrorMessage!);
                }
            }
        }
    }

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
            .SelectMany(f => PageText().Matches(File.ReadAllText(f)).Select(m => Regex.Unescape(m.Groups[1].Value)).Concat(PluralForms(File.ReadAllText(f)))
                .Select(text => (File: Path.GetRelativePath(SourceRoot, f), Text: text)))
            .Where(t => !german.ContainsKey(t.Text))
            .Select(t => $"{t.File}: \"{t.Text}\"")
            .Distinct()
            .ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} page texts without German translation:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("rw")]
    public void Public_sign_in_and_applicant_pages_read_in_every_language(string language)
    {
        var translations = Load(language, []);
        var texts = EveryLanguageTexts().ToList();
        var missing = texts
            .Where(t => !translations.ContainsKey(t.Text))
            .Select(t => $"{t.Source}: \"{t.Text}\"")
            .Distinct()
            .ToList();
        Assert.True(texts.Count > 300, $"Only {texts.Count} texts found; the page scan no longer sees the pages.");
        Assert.True(missing.Count == 0, $"{missing.Count} texts without {language} translation:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    [Fact]
    public void Every_translation_keeps_the_placeholders_of_its_english_text()
    {
        var files = Directory.EnumerateFiles(Path.Combine(SourceRoot, "Resources", "Strings"), "*.json").ToList();
        var wrong = new List<string>();
        foreach (var file in files)
        {
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))!)
            {
                var expected = Placeholders(key);
                var actual = Placeholders(value);
                if (!expected.SetEquals(actual))
                {
                    wrong.Add($"{Path.GetFileName(file)}: \"{key}\" has {{{string.Join("}, {", expected)}}} but \"{value}\" has {{{string.Join("}, {", actual)}}}");
                }
            }
        }

        Assert.True(files.Count >= 20, $"Only {files.Count} translation files found.");
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    /// <summary>The template of a refused rule or of a phrase in it: the first string literal of new DomainRuleViolation(...), new RuleText(...) or of the helpers that throw one.</summary>
    [GeneratedRegex("""(?:new DomainRuleViolation|new RuleText|RequireStatus|RequireStaff)\((?:by, )?\s*"((?:[^"\\]|\\.)*)"[,)]""")]
    private static partial Regex RefusalTemplate();

    /// <summary>Where the refusals an applicant (or a member of the public reporting misuse) can meet are thrown; relative to src/SealService.</summary>
    private static readonly string[] ApplicantRefusalSources =
    [
        "Domain/Organization.cs", "Domain/OrganizationInvitation.cs", "Domain/SealApplication.cs", "Domain/Declaration.cs",
        "Domain/ApplicationRevision.cs", "Apply/EvidenceStore.cs", "Renewal/RenewalWorkflow.cs", "Apply/OrganizationMembership.cs",
        "Apply/ApplicationWorkflow.cs", "Domain/MisuseReport.cs",
    ];

    private static IEnumerable<(string Source, string Text)> RefusalTemplates(IEnumerable<string> files) =>
        files.SelectMany(f => RefusalTemplate().Matches(File.ReadAllText(f))
            .Select(m => (Path.GetRelativePath(SourceRoot, f), Regex.Unescape(m.Groups[1].Value))));

    private static IEnumerable<string> SourceFiles() =>
        Directory.EnumerateFiles(SourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    [Fact]
    public void Every_refused_rule_has_a_german_translation()
    {
        var german = Load("de", []);
        var templates = RefusalTemplates(SourceFiles()).ToList();
        var missing = templates.Where(t => !german.ContainsKey(t.Text)).Select(t => $"{t.Source}: \"{t.Text}\"").Distinct().ToList();
        Assert.True(templates.Count > 90, $"Only {templates.Count} refusals found; the source scan no longer sees the throw sites.");
        Assert.True(missing.Count == 0, $"{missing.Count} refusals without German translation:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("rw")]
    public void Refusals_an_applicant_can_meet_read_in_every_language(string language)
    {
        var translations = Load(language, []);
        var templates = RefusalTemplates(ApplicantRefusalSources.Select(f => Path.Combine(SourceRoot, f))).ToList();
        templates.Add(("ApplicationStore.StaleMessage", ApplicationStore.StaleMessage));
        templates.AddRange(new[] { CertificateStatus.Suspended, CertificateStatus.Revoked, CertificateStatus.Superseded }
            .Select(s => ("Certificate status", SealService.Admin.AdminDashboard.CertificateStatusLabel(s))));
        templates.AddRange(SealService.Infrastructure.Localization.StatusPhrases.All.Select(p => ("StatusPhrases", p)));
        var missing = templates.Where(t => !translations.ContainsKey(t.Text)).Select(t => $"{t.Source}: \"{t.Text}\"").Distinct().ToList();
        Assert.True(templates.Count > 60, $"Only {templates.Count} refusals found; the source scan no longer sees the throw sites.");
        Assert.True(missing.Count == 0, $"{missing.Count} refusals without {language} translation:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    /// <summary>The sentences of the public verifier's technical details: SealVerifier's reason templates (Because("...")).</summary>
    [GeneratedRegex("""Because\("((?:[^"\\]|\\.)*)"[,)]""")]
    private static partial Regex VerifierReason();

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("rw")]
    public void The_verifiers_technical_details_read_in_every_language(string language)
    {
        var translations = Load(language, []);
        var source = File.ReadAllText(Path.Combine(SourceRoot, "..", "SealVerifier", "SealVerification.cs"));
        var templates = VerifierReason().Matches(source).Select(m => Regex.Unescape(m.Groups[1].Value)).Distinct().ToList();
        var missing = templates.Where(t => !translations.ContainsKey(t)).ToList();
        Assert.True(templates.Count > 40, $"Only {templates.Count} reasons found; the source scan no longer sees them.");
        Assert.True(missing.Count == 0, $"{missing.Count} verifier reasons without {language} translation:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    /// <summary>Every sentence of a mail to a holder or the certification body: new NoticeText("...") and both forms of NoticeText.Counted(n, "...", "...").</summary>
    [GeneratedRegex("""new NoticeText\(\s*"((?:[^"\\]|\\.)*)"|NoticeText\.Counted\([^"]+?,\s*"((?:[^"\\]|\\.)*)",\s*"((?:[^"\\]|\\.)*)""")]
    private static partial Regex MailText();

    [Theory]
    [InlineData("de")]
    [InlineData("fr")]
    [InlineData("rw")]
    public void Every_mail_reads_in_every_language(string language)
    {
        var translations = Load(language, []);
        var texts = SourceFiles()
            .SelectMany(f => MailText().Matches(File.ReadAllText(f)).SelectMany(m => new[] { m.Groups[1], m.Groups[2], m.Groups[3] })
                .Where(g => g.Success).Select(g => (Source: Path.GetRelativePath(SourceRoot, f), Text: Regex.Unescape(g.Value))))
            .ToList();
        var missing = texts.Where(t => !translations.ContainsKey(t.Text)).Select(t => $"{t.Source}: \"{t.Text}\"").Distinct().ToList();
        Assert.True(texts.Count > 30, $"Only {texts.Count} mail texts found; the source scan no longer sees them.");
        Assert.True(missing.Count == 0, $"{missing.Count} mail texts without {language} translation:{Environment.NewLine}{string.Join(Environment.NewLine, missing)}");
    }

    private static SortedSet<string> Placeholders(string text) =>
        new(Placeholder().Matches(text).Select(m => m.Groups[1].Value), StringComparer.Ordinal);
}
