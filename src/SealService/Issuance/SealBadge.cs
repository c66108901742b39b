using System.Security;

namespace SealService.Issuance;

/// <summary>
/// The embeddable badge: an SVG drawn from the certificate's live status, so a suspended or expired seal shows it, in
/// <c>language</c> (the reader's; the certificate's own when none is given).
/// </summary>
public static class SealBadge
{
    public static string Svg(Certificate certificate, string programName, DateTimeOffset now, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        language ??= certificate.Language;
        var texts = CertificateTexts.For(language);
        var status = certificate.PublicStatusAt(now);
        var (label, color) = status switch
        {
            "active" => (string.Format(CultureInfo.InvariantCulture, texts.BadgeValidUntil, certificate.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), "#1a7f37"),
            "suspended" => (NotValid(certificate, language, now), "#b35900"),
            "revoked" => (NotValid(certificate, language, now), "#b42318"),
            "superseded" => (NotValid(certificate, language, now), "#57606a"),
            _ => (NotValid(certificate, language, now), "#b42318"),
        };
        var title = Escape(programName);
        var state = Escape(label);
        var serial = Escape(certificate.Serial);
        return $"""
            <svg xmlns="http://www.w3.org/2000/svg" width="240" height="64" viewBox="0 0 240 64" role="img" lang="{Escape(language)}" aria-label="{title}: {state}">
              <title>{title}: {state} ({serial})</title>
              <rect width="240" height="64" rx="8" fill="#ffffff" stroke="{color}" stroke-width="2"/>
              <rect x="1" y="1" width="10" height="62" rx="4" fill="{color}"/>
              <text x="20" y="22" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="13" font-weight="bold" fill="#1f2328">{title}</text>
              <text x="20" y="40" font-family="DejaVu Sans, Verdana, Arial, sans-serif" font-size="12" fill="{color}">{state}</text>
              <text x="20" y="56" font-family="DejaVu Sans Mono, monospace" font-size="10" fill="#57606a">{serial}</text>
            </svg>
            """;
    }

    // "widerrufen seit 2026-11-29": the state and since when, in the badge's language.
    private static string NotValid(Certificate certificate, string language, DateTimeOffset now) =>
        CertificateTexts.NotValid(certificate, language, now) is { } state ? $"{state.Status} {state.Since}" : "";

    // XML escaping only: the badge is UTF-8, so umlauts and accents stay readable letters.
    private static string Escape(string text) => SecurityElement.Escape(text) ?? "";
}
