using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Drawing.Layout;
using PdfSharp.Pdf;
using SealVerifier;

namespace SealService.Issuance;

/// <summary>The printable certificate: one A4 page in the program's colours, with the QR code that leads to the live verification.</summary>
public static class CertificatePdf
{
    private static readonly Dictionary<string, XColor> Accents = new(StringComparer.Ordinal)
    {
        ["smig"] = XColor.FromArgb(0, 0x33, 0x66),
        ["shig"] = XColor.FromArgb(0, 0x66, 0x99),
        ["rwts"] = XColor.FromArgb(0, 0x6E, 0x3B),
    };

    /// <summary>
    /// Renders the certificate as it stands at <paramref name="now"/>, in the certificate's own language or, with
    /// <paramref name="wording"/>, in another of the program's languages (then marked as a translation of the signed
    /// original). A suspended, revoked, expired or superseded certificate gets a banner stating that status and since when
    /// (in the printed language and in English), and none of the wording that calls it valid: a copy printed or downloaded
    /// later must not look like a valid seal.
    /// </summary>
    public static byte[] Render(Certificate certificate, DateTimeOffset now, CertificateWording? wording = null)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        DejaVuFontResolver.EnsureInstalled();
        var payload = SealPayload.Parse(certificate.Payload);
        var language = wording?.Language ?? certificate.Language;
        var programName = wording?.ProgramName ?? payload.Program.Name;
        var scope = wording?.Scope ?? payload.Scope;
        var texts = CertificateTexts.For(language);
        var culture = CultureInfo.GetCultureInfo(language);
        var accent = Accents.GetValueOrDefault(payload.Program.Id, XColor.FromArgb(0x33, 0x33, 0x33));

        using var document = new PdfDocument();
        document.Info.Title = $"{programName} – {payload.Holder.Name} – {payload.Serial}";
        document.Info.Author = payload.Issuer.Name;
        document.Info.Subject = scope;
        var page = document.AddPage();
        page.Size = PageSize.A4;
        using (var gfx = XGraphics.FromPdfPage(page))
        {
            var width = page.Width.Point;
            var height = page.Height.Point;
            var accentBrush = new XSolidBrush(accent);
            var text = XBrushes.Black;
            var muted = new XSolidBrush(XColor.FromArgb(0x55, 0x55, 0x55));
            var layout = new XTextFormatter(gfx);
            const double margin = 56;
            var column = width - (2 * margin);

            gfx.DrawRectangle(accentBrush, 0, 0, width, 18);
            gfx.DrawRectangle(accentBrush, 0, height - 18, width, 18);
            gfx.DrawRectangle(new XPen(accent, 1.5), 28, 36, width - 56, height - 72);

            var y = 80.0;
            var notValid = CertificateTexts.NotValid(certificate, language, now);
            if (notValid is { } state)
            {
                y = DrawStatusBanner(gfx, certificate, language, state, now, culture, margin, column);
            }

            gfx.DrawString(texts.Heading.ToUpper(culture), Font(14, bold: true), muted, new XRect(margin, y, column, 20), XStringFormats.TopCenter);
            y += 28;
            layout.Alignment = XParagraphAlignment.Center;
            layout.DrawString(programName, Font(28, bold: true), accentBrush, new XRect(margin, y, column, 70), XStringFormats.TopLeft);
            y += 84;
            gfx.DrawString(texts.AwardedTo, Font(12), muted, new XRect(margin, y, column, 16), XStringFormats.TopCenter);
            y += 22;
            layout.DrawString(payload.Holder.Name, Font(22, bold: true), text, new XRect(margin, y, column, 60), XStringFormats.TopLeft);
            y += 60;
            var product = string.IsNullOrWhiteSpace(payload.Product.Version) ? payload.Product.Name : $"{payload.Product.Name} ({texts.Version} {payload.Product.Version})";
            layout.DrawString($"{texts.Product}: {product}", Font(14, bold: true), text, new XRect(margin, y, column, 40), XStringFormats.TopLeft);
            y += 44;
            layout.Alignment = XParagraphAlignment.Justify;
            layout.DrawString(scope, Font(12), text, new XRect(margin + 20, y, column - 40, 90), XStringFormats.TopLeft);
            y += 96;

            // Spelled-out month: a printed 11/12/2026 means two different days to a German and an American reader.
            var datePattern = language == "de" ? "d. MMMM yyyy" : "d MMMM yyyy";
            var validity = string.Format(culture, texts.ValidityFormat, payload.ValidFrom.ToString(datePattern, culture), payload.ValidUntil.ToString(datePattern, culture));
            y = Row(gfx, notValid is null ? texts.Validity : texts.Term, validity, margin, y, column);
            y = Row(gfx, texts.Serial, payload.Serial, margin, y, column);
            y = Row(gfx, texts.Criteria, string.Join(", ", payload.CriteriaMet), margin, y, column);
            y = Row(gfx, texts.Issuer, payload.Issuer.Name, margin, y, column);
            y = Row(gfx, texts.KeyId, payload.Issuer.KeyId, margin, y, column);
            if (language != certificate.Language)
            {
                layout.Alignment = XParagraphAlignment.Left;
                layout.DrawString(CertificateTexts.TranslationOf(certificate.Language, language), Font(9), muted, new XRect(margin, y + 4, column, 26), XStringFormats.TopLeft);
                y += 30;
            }

            const double qrSize = 150;
            var qrTop = Math.Max(y + 16, height - 72 - qrSize - 36);
            DrawQrCode(gfx, payload.VerificationUrl, margin, qrTop, qrSize);

            layout.Alignment = XParagraphAlignment.Left;
            var noteX = margin + qrSize + 18;
            layout.DrawString(notValid is null ? texts.Verify : texts.VerifyStatus, Font(10), muted, new XRect(noteX, qrTop + 10, column - qrSize - 18, 50), XStringFormats.TopLeft);
            layout.DrawString($"{VerifierAddress(payload.VerificationUrl)}\n{payload.Serial}", Font(11, bold: true), text,
                new XRect(noteX, qrTop + 64, column - qrSize - 18, 80), XStringFormats.TopLeft);
        }

        using var stream = new MemoryStream();
        document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <summary>A red box across the top: "WIDERRUFEN seit 2026-11-29 / REVOKED since 2026-11-29". Returns where the page continues.</summary>
    private static double DrawStatusBanner(XGraphics gfx, Certificate certificate, string language, (string Status, string Since) state, DateTimeOffset now, CultureInfo culture, double margin, double column)
    {
        var line = $"{state.Status.ToUpper(culture)} {state.Since}";
        if (language != "en" && CertificateTexts.NotValid(certificate, "en", now) is { } english)
        {
            line += $" / {english.Status.ToUpperInvariant()} {english.Since}";
        }

        const double top = 46;
        const double bannerHeight = 44;
        gfx.DrawRectangle(new XSolidBrush(XColor.FromArgb(0xB4, 0x23, 0x18)), margin - 10, top, column + 20, bannerHeight);
        var layout = new XTextFormatter(gfx) { Alignment = XParagraphAlignment.Center };
        layout.DrawString(line, Font(15, bold: true), XBrushes.White, new XRect(margin, top + 5, column, bannerHeight - 6), XStringFormats.TopLeft);
        return top + bannerHeight + 14;
    }

    // Vector modules instead of an embedded bitmap: sharp at any print size.
    private static void DrawQrCode(XGraphics gfx, string url, double x, double y, double size)
    {
        using var data = SealQrCode.Encode(url);
        var matrix = data.ModuleMatrix;
        var module = size / matrix.Count;
        for (var row = 0; row < matrix.Count; row++)
        {
            for (var column = 0; column < matrix[row].Length; column++)
            {
                if (matrix[row][column])
                {
                    gfx.DrawRectangle(XBrushes.Black, x + (column * module), y + (row * module), module + 0.05, module + 0.05);
                }
            }
        }
    }

    private static double Row(XGraphics gfx, string label, string value, double x, double y, double width)
    {
        const double lineHeight = 13;
        var font = Font(10);
        gfx.DrawString(label, Font(10, bold: true), XBrushes.DimGray, new XRect(x, y, 140, 14), XStringFormats.TopLeft);
        // One spare line: the formatter wraps at word boundaries, so a measured width undercounts the lines it needs.
        var measured = (int)Math.Ceiling(gfx.MeasureString(value, font).Width / (width - 150));
        var lines = measured <= 1 ? 1 : measured + 1;
        var layout = new XTextFormatter(gfx);
        layout.DrawString(value, font, XBrushes.Black, new XRect(x + 150, y, width - 150, lines * lineHeight), XStringFormats.TopLeft);
        return y + (lines * lineHeight) + 5;
    }

    // Printed, the long token URL would be untypable; the look-up page plus the serial number is what a reader can type.
    private static string VerifierAddress(string url)
    {
        var marker = url.IndexOf(QrToken.PathSegment, StringComparison.OrdinalIgnoreCase);
        return (marker < 0 ? url : url[..marker]).ToLowerInvariant() + "/verify";
    }

    private static XFont Font(double size, bool bold = false) =>
        new(DejaVuFontResolver.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);
}

/// <summary>
/// The program's name and the certificate's scope sentence in the language a PDF is printed in, from the catalog version the
/// certificate was issued under (the signed payload holds them in the certificate's own language only).
/// </summary>
public sealed record CertificateWording(string Language, string ProgramName, string Scope);
