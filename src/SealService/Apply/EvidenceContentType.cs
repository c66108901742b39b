using System.IO.Compression;

namespace SealService.Apply;

/// <summary>
/// The evidence formats we accept, recognised by their content (magic bytes, and for Office files the part that
/// makes a ZIP a Word or Excel document), never by the name or the browser's content type alone.
/// </summary>
public sealed record EvidenceContentType(string Name, string MimeType, IReadOnlyList<string> Extensions)
{
    public static readonly EvidenceContentType Pdf = new("PDF", "application/pdf", [".pdf"]);
    public static readonly EvidenceContentType Png = new("PNG", "image/png", [".png"]);
    public static readonly EvidenceContentType Jpeg = new("JPEG", "image/jpeg", [".jpg", ".jpeg"]);
    public static readonly EvidenceContentType Docx = new("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"]);
    public static readonly EvidenceContentType Xlsx = new("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"]);

    public static readonly IReadOnlyList<EvidenceContentType> All = [Pdf, Png, Jpeg, Docx, Xlsx];

    /// <summary>For the file input's accept attribute.</summary>
    public static string AcceptAttribute => string.Join(',', All.SelectMany(t => t.Extensions));

    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] PngMagic = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegMagic = [0xFF, 0xD8, 0xFF];
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    public bool Allows(string fileName) =>
        Extensions.Contains(Path.GetExtension(fileName ?? "").ToLowerInvariant(), StringComparer.Ordinal);

    /// <summary>The type the content is, or null if it is none of the accepted ones. The stream must be seekable.</summary>
    public static EvidenceContentType? Detect(Stream content)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Position = 0;
        Span<byte> head = stackalloc byte[8];
        var read = content.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..read];
        content.Position = 0;
        if (head.StartsWith(PdfMagic))
        {
            return Pdf;
        }

        if (head.StartsWith(PngMagic))
        {
            return Png;
        }

        if (head.StartsWith(JpegMagic))
        {
            return Jpeg;
        }

        if (head.StartsWith(ZipMagic))
        {
            return DetectOfficeDocument(content);
        }

        return null;
    }

    private static EvidenceContentType? DetectOfficeDocument(Stream content)
    {
        try
        {
            using var zip = new ZipArchive(content, ZipArchiveMode.Read, leaveOpen: true);
            var names = zip.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            return names.Contains("word/document.xml") ? Docx
                : names.Contains("xl/workbook.xml") ? Xlsx
                : null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
        finally
        {
            content.Position = 0;
        }
    }
}
