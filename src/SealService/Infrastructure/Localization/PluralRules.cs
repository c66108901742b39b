namespace SealService.Infrastructure.Localization;

/// <summary>
/// Which form of a counted phrase a language uses, after the CLDR cardinal plural rules for whole numbers: English, German
/// and Kinyarwanda take the singular for exactly 1, French for 0 and 1 ("0 critère", "1 critère", "2 critères").
/// </summary>
public static class PluralRules
{
    public static bool IsOne(string language, long count) => language switch
    {
        "fr" => count is 0 or 1,
        _ => count == 1,
    };
}
