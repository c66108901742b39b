using PdfSharp.Fonts;

namespace SealService.Issuance;

/// <summary>
/// PDFsharp 6 finds no system fonts on Linux by itself. Certificates use DejaVu Sans (free licence, covers German, French
/// and Kinyarwanda letters), read from the usual distribution folders (Debian: package fonts-dejavu-core) and embedded in
/// every PDF, so the document looks the same on every reader.
/// </summary>
public sealed class DejaVuFontResolver : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly string[] Folders =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/local/share/fonts",
        "/Library/Fonts",
    ];

    private static readonly Lock Gate = new();

    private readonly Dictionary<string, byte[]> _faces = new(StringComparer.Ordinal);

    /// <summary>Installs the resolver once per process (PDFsharp allows setting it only before the first font is used).</summary>
    public static void EnsureInstalled()
    {
        lock (Gate)
        {
            // PDFsharp 6.2 is MIT-licensed and needs no licence call (6.5 moved to AGPL and required one).
            if (GlobalFontSettings.FontResolver is not DejaVuFontResolver)
            {
                GlobalFontSettings.FontResolver = new DejaVuFontResolver();
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName)
    {
        lock (_faces)
        {
            if (_faces.TryGetValue(faceName, out var cached))
            {
                return cached;
            }

            var windowsFonts = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.Windows), "Fonts");
            var path = Folders.Append(windowsFonts).Select(folder => Path.Combine(folder, faceName + ".ttf")).FirstOrDefault(File.Exists)
                ?? throw new InvalidOperationException($"Font {faceName}.ttf not found. Install DejaVu Sans (Debian/Ubuntu: apt-get install fonts-dejavu-core).");
            var bytes = File.ReadAllBytes(path);
            _faces[faceName] = bytes;
            return bytes;
        }
    }
}
