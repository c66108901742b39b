using System.Text.RegularExpressions;
using SealService.Domain;
using SealService.Issuance;
using SealService.Tests.Integration.Issuance;
using SealVerifier;

namespace SealService.Tests.Issuance;

/// <summary>
/// A seal that is not valid never looks valid: the PDF (read back with pdftotext) and the badge of a suspended, revoked,
/// expired or superseded certificate state that status and since when, and never call it valid.
/// </summary>
public sealed partial class NotValidCertificateTests
{
    private static readonly DateTimeOffset IssuedAt = new(2026, 1, 10, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset ChangedAt = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Certifier = new("certifier-1", "Carla Certifier", null, new HashSet<string>([Roles.Certifier]));

    [Theory]
    [InlineData("de", "revoked", "WIDERRUFEN seit 2026-06-15 / REVOKED since 2026-06-15")]
    [InlineData("de", "suspended", "AUSGESETZT seit 2026-06-15 / SUSPENDED since 2026-06-15")]
    [InlineData("de", "superseded", "DURCH ERNEUERUNG ERSETZT seit 2026-06-15 / REPLACED BY A RENEWAL since 2026-06-15")]
    [InlineData("de", "expired", "ABGELAUFEN seit 2027-01-10 / EXPIRED since 2027-01-10")]
    [InlineData("en", "revoked", "REVOKED since 2026-06-15")]
    [InlineData("fr", "suspended", "SUSPENDU depuis le 2026-06-15 / SUSPENDED since 2026-06-15")]
    public async Task The_PDF_states_the_status_in_a_banner_and_never_says_valid(string language, string state, string banner)
    {
        var (certificate, now) = Certificate(language, state);
        var text = await PdfTextAsync(CertificatePdf.Render(certificate, now));

        Assert.Contains(banner, Normalize(text), StringComparison.Ordinal);
        Assert.DoesNotMatch(ValidWord(), text);
    }

    [Fact]
    public async Task An_active_certificate_says_valid_and_has_no_banner()
    {
        var (certificate, now) = Certificate("de", "active");
        var text = await PdfTextAsync(CertificatePdf.Render(certificate, now));
        Assert.Contains("Gültig", text, StringComparison.Ordinal);
        Assert.DoesNotContain("WIDERRUFEN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("AUSGESETZT", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("de", "revoked", "widerrufen seit 2026-06-15")]
    [InlineData("de", "suspended", "ausgesetzt seit 2026-06-15")]
    [InlineData("en", "expired", "expired since 2027-01-10")]
    [InlineData("en", "superseded", "replaced by a renewal since 2026-06-15")]
    public void The_badge_states_the_status_with_its_date_and_never_says_valid(string language, string state, string label)
    {
        var (certificate, now) = Certificate(language, state);
        var svg = SealBadge.Svg(certificate, "Software Made in Germany", now);
        Assert.Contains(label, svg, StringComparison.Ordinal);
        Assert.DoesNotMatch(ValidWord(), svg);
    }

    private static (Certificate Certificate, DateTimeOffset Now) Certificate(string language, string state)
    {
        var serial = Serial.New("SMIG").Value;
        var payload = new SealPayload(1, serial, new ProgramRef("smig", "Software Made in Germany", "2025.1", "sha256:" + new string('b', 64)),
            new HolderRef("Beispiel GmbH", "HRB 1", "DE"), new ProductRef("Beispiel Suite", "2.0"), "The software product Beispiel Suite of Beispiel GmbH meets the criteria.",
            ["SMIG-1"], IssuedAt, IssuedAt, IssuedAt.AddYears(1), new IssuerRef("Example Certification Body", "0123456789abcdef"), "HTTPS://SEALS.EXAMPLE.ORG/V/ABCDEFGHIJKLMNOP");
        var certificate = new Certificate(Guid.NewGuid(), serial, "smig", "Beispiel GmbH", "DE", "Beispiel Suite", language, payload.ToCanonicalJson(), [1], "ABCDEFGHIJKLMNOP",
            "0123456789abcdef", IssuedAt, IssuedAt, IssuedAt.AddYears(1));
        var now = ChangedAt.AddDays(1);
        switch (state)
        {
            case "revoked":
                certificate.Revoke(StatusChangeReason.MisuseOfSeal, "Shown on another product", Certifier, ChangedAt);
                break;
            case "suspended":
                certificate.Suspend(StatusChangeReason.FeeNotPaid, "", Certifier, ChangedAt);
                break;
            case "superseded":
                certificate.Supersede(Certifier, ChangedAt);
                break;
            case "expired":
                now = IssuedAt.AddYears(1).AddDays(3);
                break;
        }

        return (certificate, now);
    }

    private static async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"not-valid-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var (exit, output, error) = await ExternalTool.RunAsync("pdftotext", file, "-");
            Assert.True(exit == 0, $"pdftotext failed (test.sh installs poppler-utils): {error}");
            return output;
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string Normalize(string text) => Whitespace().Replace(text, " ");

    // "gültig", "valid", "valide", "Validité" in any case; "invalid" does not occur on these documents either.
    [GeneratedRegex(@"gültig|valid", RegexOptions.IgnoreCase)]
    private static partial Regex ValidWord();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
