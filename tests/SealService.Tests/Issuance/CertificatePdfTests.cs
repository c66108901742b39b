using System.Text;
using PdfSharp.Pdf.IO;
using SealService.Domain;
using SealService.Issuance;
using SealVerifier;

namespace SealService.Tests.Issuance;

public sealed class CertificatePdfTests
{
    [Theory]
    [InlineData("de", "Gültig")]
    [InlineData("en", "Valid")]
    [InlineData("fr", "Validité")]
    public void Renders_one_A4_page_in_the_certificate_language(string language, string label)
    {
        var at = new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
        var serial = Serial.New("RWTS").Value;
        var payload = new SealPayload(1, serial, new ProgramRef("rwts", "Rwanda Tech Seal", "2025.1-draft", "sha256:" + new string('b', 64)),
            new HolderRef("Ikaze Tech Ltd", "RDB-123", "RW"), new ProductRef("Ikaze Pay", "1.0"), "The software product Ikaze Pay of Ikaze Tech Ltd meets the criteria.",
            ["RWTS-HQ"], at, at, at.AddMonths(12), new IssuerRef("Rwanda ICT Chamber", "0123456789abcdef"), "HTTPS://SEALS.EXAMPLE.ORG/V/ABCDEFGHIJKLMNOP");
        var certificate = new Certificate(Guid.NewGuid(), serial, "rwts", "Ikaze Tech Ltd", "RW", "Ikaze Pay", language, payload.ToCanonicalJson(), [1], "ABCDEFGHIJKLMNOP",
            "0123456789abcdef", at, at, at.AddMonths(12));

        var pdf = CertificatePdf.Render(certificate, at);

        Assert.Equal("%PDF", Encoding.ASCII.GetString(pdf, 0, 4));
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        Assert.Equal(1, document.PageCount);
        Assert.Equal(595, (int)document.Pages[0].Width.Point);
        Assert.Contains("Ikaze Tech Ltd", document.Info.Title, StringComparison.Ordinal);
        Assert.Equal(label, CertificateTexts.For(language).Validity);
    }
}
