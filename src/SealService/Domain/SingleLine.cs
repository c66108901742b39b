namespace SealService.Domain;

/// <summary>
/// One rule for every one-line field (names, product, version, legal form, city, ...): no control characters. A CR/LF in a
/// product name would otherwise become extra mail headers, a line break inside the signed payload and an extra line on the
/// certificate PDF. The input models check it with <c>[SingleLine]</c> so the person gets a message at the field; the
/// domain checks it again so no other path (API, command line, import) can store such a value.
/// </summary>
public static class SingleLine
{
    /// <summary>The refusal, also the translation key of the field message.</summary>
    public const string Message = "Enter this on one line, without line breaks, tabs or other control characters.";

    /// <summary>
    /// True when <paramref name="value"/> has no control character (Unicode Cc: CR, LF, tab, NUL, ...), no line or paragraph
    /// separator (Zl, Zp) and no invisible format character (Cf: bidi overrides, BOM) except the zero-width (non-)joiners
    /// that Persian, Indic and emoji spellings need.
    /// </summary>
    public static bool IsValid(string? value)
    {
        if (value is null)
        {
            return true;
        }

        foreach (var c in value)
        {
            switch (CharUnicodeInfo.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return false;
                case UnicodeCategory.Format when c is not ('\u200C' or '\u200D'):
                    return false;
            }
        }

        return true;
    }

    /// <summary>Refuses <paramref name="value"/> unless it is one line; <paramref name="field"/> names the field in the refusal.</summary>
    /// <exception cref="DomainRuleViolation">The value has a line break or another control character; nothing is stored.</exception>
    public static void Require(string? value, string field)
    {
        if (!IsValid(value))
        {
            throw new DomainRuleViolation("{0}: line breaks, tabs and other control characters are not allowed.", field);
        }
    }
}
