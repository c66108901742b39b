using System.Text.Json.Serialization;

namespace SealService.Programs;

/// <summary>Text in several languages, keyed by two-letter language code.</summary>
public sealed class LocalizedText : Dictionary<string, string>
{
    public LocalizedText()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }

    /// <summary>The text in the current UI language, falling back to English, then German, then whatever exists.</summary>
    public string Current => In(CultureInfo.CurrentUICulture.TwoLetterISOLanguageName);

    public string In(string language) => TryGetValue(LanguageFor(language), out var text) ? text : "";

    /// <summary>
    /// The language <see cref="In"/> shows for a reader of <paramref name="language"/>: that language when the text has it,
    /// else English (the catalogs' common second language, and Rwanda's and most French readers' best fallback), else German,
    /// else whatever exists. A page marks the text with this language when it differs from the page's (lang attribute).
    /// </summary>
    public string LanguageFor(string language) =>
        ContainsKey(language) ? language
        : ContainsKey("en") ? "en"
        : ContainsKey("de") ? "de"
        : Keys.FirstOrDefault() ?? language;

    public override string ToString() => Current;
}

public sealed record ProgramOwner(string Name, string Website, string Country);

public sealed record Criterion(
    string Id,
    int Order,
    bool Mandatory,
    bool EvidenceRequired,
    LocalizedText Title,
    LocalizedText Requirement,
    LocalizedText Guidance,
    LocalizedText Evidence);

/// <summary>
/// One version of a seal program's criteria catalog, read from <c>Programs/*.json</c>.
/// An application pins the version it was started with; later versions never change what it is judged against.
/// </summary>
public sealed record CriteriaCatalog
{
    public required string ProgramId { get; init; }
    public required string Version { get; init; }
    public required string Status { get; init; }
    public LocalizedText? DraftNote { get; init; }
    public required DateOnly EffectiveFrom { get; init; }
    public required LocalizedText Name { get; init; }
    public required LocalizedText ShortDescription { get; init; }
    public required ProgramOwner Owner { get; init; }
    public required string SerialPrefix { get; init; }
    public required int ValidityMonths { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    public required string DefaultLanguage { get; init; }
    public required LocalizedText Process { get; init; }
    public required LocalizedText Attestation { get; init; }
    public required LocalizedText Scope { get; init; }
    public required IReadOnlyList<Criterion> Criteria { get; init; }

    /// <summary>"sha256:" + hex digest of the file's canonical content; set by the loader.</summary>
    [JsonIgnore]
    public string Digest { get; init; } = "";

    /// <summary>The raw file content, stored with each version so old applications keep their exact catalog.</summary>
    [JsonIgnore]
    public string Content { get; init; } = "";

    [JsonIgnore]
    public string Key => CatalogKey(ProgramId, Version);

    [JsonIgnore]
    public bool IsDraft => string.Equals(Status, "draft", StringComparison.OrdinalIgnoreCase);

    /// <summary>The certificate's scope sentence in <paramref name="language"/>, with the product and the holder filled in.</summary>
    public string ScopeSentence(string language, string product, string holder) =>
        Scope.In(language).Replace("{product}", product, StringComparison.Ordinal).Replace("{holder}", holder, StringComparison.Ordinal);

    public Criterion? Find(string criterionId) => Criteria.FirstOrDefault(c => string.Equals(c.Id, criterionId, StringComparison.Ordinal));

    public static string CatalogKey(string programId, string version) => $"{programId}@{version}";
}
