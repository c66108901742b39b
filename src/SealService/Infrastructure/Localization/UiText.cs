using System.Collections.Frozen;
using System.Text.Json;

namespace SealService.Infrastructure.Localization;

/// <summary>
/// The user interface's text in the request's language. Keys are the English text; translations live in
/// <c>Resources/Strings/*.{language}.json</c> (one file per feature area and language). A missing translation shows the English text.
/// </summary>
public sealed class UiText
{
    public static readonly IReadOnlyList<string> SupportedLanguages = ["en", "de", "fr", "rw"];

    public static readonly IReadOnlyDictionary<string, string> LanguageNames = new Dictionary<string, string>
    {
        ["en"] = "English",
        ["de"] = "Deutsch",
        ["fr"] = "Français",
        ["rw"] = "Kinyarwanda",
    };

    private readonly FrozenDictionary<string, FrozenDictionary<string, string>> _byLanguage;

    public UiText(string directory)
    {
        var byLanguage = new Dictionary<string, Dictionary<string, string>>(StringComparer.OrdinalIgnoreCase);
        if (Directory.Exists(directory))
        {
            foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                var stem = Path.GetFileNameWithoutExtension(file);
                var language = stem.Contains('.', StringComparison.Ordinal) ? stem[(stem.LastIndexOf('.') + 1)..] : stem;
                var entries = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(file))
                    ?? throw new InvalidOperationException($"{file} is empty.");
                if (!byLanguage.TryGetValue(language, out var target))
                {
                    byLanguage[language] = target = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                foreach (var (key, value) in entries)
                {
                    target[key] = value;
                }
            }
        }

        _byLanguage = byLanguage.ToFrozenDictionary(p => p.Key, p => p.Value.ToFrozenDictionary(StringComparer.Ordinal), StringComparer.OrdinalIgnoreCase);
    }

    public static string CurrentLanguage => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName is var l && SupportedLanguages.Contains(l) ? l : "en";

    public string this[string english] => Translate(english, CurrentLanguage);

    public string Format(string english, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, this[english], args);

    /// <summary>
    /// A sentence about a number of things, in the reader's language: <paramref name="one"/> or <paramref name="other"/> (the
    /// English singular and plural sentences, both translation keys with the count as a placeholder) by the language's
    /// <see cref="PluralRules"/>, formatted with <paramref name="args"/>, or with the count alone when none are given.
    /// Every page and mail counts this way, so none says "1 criteria".
    /// </summary>
    public string Plural(long count, string one, string other, params object?[] args) =>
        string.Format(CultureInfo.CurrentCulture, TranslatePlural(count, one, other, CurrentLanguage), args.Length == 0 ? [count] : args);

    /// <summary>The template <see cref="Plural"/> picks for <paramref name="count"/> in <paramref name="language"/>, translated.</summary>
    public string TranslatePlural(long count, string one, string other, string language) =>
        Translate(PluralRules.IsOne(language, count) ? one : other, language);

    public string Translate(string english, string language) =>
        _byLanguage.TryGetValue(language, out var table) && table.TryGetValue(english, out var text) ? text : english;

    public bool Has(string english, string language) =>
        _byLanguage.TryGetValue(language, out var table) && table.ContainsKey(english);
}
