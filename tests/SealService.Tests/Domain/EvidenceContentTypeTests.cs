using SealService.Apply;
using SealService.Tests.Integration.Apply;

namespace SealService.Tests.Domain;

public sealed class EvidenceContentTypeTests
{
    public static TheoryData<string, string?> Samples => new()
    {
        { "pdf", "PDF" },
        { "png", "PNG" },
        { "jpeg", "JPEG" },
        { "docx", "DOCX" },
        { "xlsx", "XLSX" },
        { "zip", null },
        { "broken-zip", null },
        { "text", null },
        { "empty", null },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Detects_the_type_by_content(string sample, string? expected)
    {
        byte[] bytes = sample switch
        {
            "pdf" => ApplyTestData.Pdf(),
            "png" => ApplyTestData.Png(),
            "jpeg" => [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0x4A, 0x46],
            "docx" => ApplyTestData.OfficeZip("word/document.xml"),
            "xlsx" => ApplyTestData.OfficeZip("xl/workbook.xml"),
            "zip" => ApplyTestData.OfficeZip("docs/readme.txt"),
            "broken-zip" => [0x50, 0x4B, 0x03, 0x04, 1, 2, 3, 4, 5, 6],
            "text" => "%PD not quite"u8.ToArray(),
            _ => [],
        };
        using var stream = new MemoryStream(bytes);
        Assert.Equal(expected, EvidenceContentType.Detect(stream)?.Name);
        Assert.Equal(0, stream.Position);
    }

    [Theory]
    [InlineData("report.pdf", true)]
    [InlineData("REPORT.PDF", true)]
    [InlineData("report.pdf.exe", false)]
    [InlineData("report", false)]
    public void Extension_must_match_the_detected_type(string name, bool allowed)
    {
        Assert.Equal(allowed, EvidenceContentType.Pdf.Allows(name));
    }
}
