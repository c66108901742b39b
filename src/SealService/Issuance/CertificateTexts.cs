namespace SealService.Issuance;

/// <summary>
/// Fixed wording of the printed certificate and the badge in each language a program may offer (English, German, French,
/// Kinyarwanda). The signed certificate is in its own language (the program's default); the PDF is offered in each of the
/// program's languages, the badge follows the reader's.
/// </summary>
public sealed record CertificateTexts(
    string Heading,
    string AwardedTo,
    string Product,
    string Version,
    string Validity,
    string ValidityFormat,
    string Serial,
    string Issuer,
    string KeyId,
    string Verify,
    string Criteria,
    string BadgeValidUntil,
    string Suspended,
    string Revoked,
    string Expired,
    string Superseded,
    string Since,
    string Term,
    string VerifyStatus,
    string TranslationNote)
{
    /// <summary>The languages with wording here; a program's language outside this list is not offered.</summary>
    public static readonly IReadOnlyList<string> Languages = ["en", "de", "fr", "rw"];

    // Each language's name in each language, for the note on a translated certificate ("the signed original is in German").
    private static readonly Dictionary<string, Dictionary<string, string>> LanguageNames = new(StringComparer.Ordinal)
    {
        ["en"] = new(StringComparer.Ordinal) { ["en"] = "English", ["de"] = "German", ["fr"] = "French", ["rw"] = "Kinyarwanda" },
        ["de"] = new(StringComparer.Ordinal) { ["en"] = "Englisch", ["de"] = "Deutsch", ["fr"] = "Französisch", ["rw"] = "Kinyarwanda" },
        ["fr"] = new(StringComparer.Ordinal) { ["en"] = "anglais", ["de"] = "allemand", ["fr"] = "français", ["rw"] = "kinyarwanda" },
        ["rw"] = new(StringComparer.Ordinal) { ["en"] = "Icyongereza", ["de"] = "Ikidage", ["fr"] = "Igifaransa", ["rw"] = "Ikinyarwanda" },
    };

    private static readonly CertificateTexts English = new(
        "Certificate", "awarded to", "Product", "Version", "Valid", "from {0} until {1}", "Serial number", "Issued by", "Signing key",
        "Scan the code, or open this address and enter the serial number, to check that this certificate is genuine and still valid:", "Criteria met",
        "valid until {0}", "suspended", "revoked", "expired", "replaced by a renewal", "since {0}", "Term",
        "Scan the code, or open this address and enter the serial number, to see the current status of this certificate:",
        "Translation. The signed certificate is in {0}; it alone is authoritative.");

    private static readonly CertificateTexts German = new(
        "Zertifikat", "verliehen an", "Produkt", "Version", "Gültig", "vom {0} bis {1}", "Seriennummer", "Ausgestellt von", "Signaturschlüssel",
        "Scannen Sie den Code oder öffnen Sie diese Adresse und geben Sie die Seriennummer ein, um zu prüfen, ob dieses Zertifikat echt und noch gültig ist:", "Erfüllte Kriterien",
        "gültig bis {0}", "ausgesetzt", "widerrufen", "abgelaufen", "durch Erneuerung ersetzt", "seit {0}", "Laufzeit",
        "Scannen Sie den Code oder öffnen Sie diese Adresse und geben Sie die Seriennummer ein, um den aktuellen Status dieses Zertifikats zu sehen:",
        "Übersetzung. Das signierte Zertifikat ist auf {0}; allein dieses ist maßgeblich.");

    private static readonly CertificateTexts French = new(
        "Certificat", "décerné à", "Produit", "Version", "Validité", "du {0} au {1}", "Numéro de série", "Délivré par", "Clé de signature",
        "Scannez le code, ou ouvrez cette adresse et saisissez le numéro de série, pour vérifier que ce certificat est authentique et toujours valide :", "Critères satisfaits",
        "valide jusqu'au {0}", "suspendu", "révoqué", "expiré", "remplacé par un renouvellement", "depuis le {0}", "Période",
        "Scannez le code, ou ouvrez cette adresse et saisissez le numéro de série, pour voir l'état actuel de ce certificat :",
        "Traduction. Le certificat signé est en {0} ; lui seul fait foi.");

    private static readonly CertificateTexts Kinyarwanda = new(
        "Icyemezo", "gihawe", "Igicuruzwa", "Icyiciro", "Igihe gifite agaciro", "kuva {0} kugeza {1}", "Nimero y'icyemezo", "Cyatanzwe na", "Urufunguzo rw'umukono",
        "Sikana kode, cyangwa ufungure iyi aderesi wandike nimero y'icyemezo, urebe ko iki cyemezo ari icy'ukuri kandi kigifite agaciro:", "Ibisabwa byujujwe",
        "gifite agaciro kugeza {0}", "cyahagaritswe by'agateganyo", "cyambuwe agaciro", "cyarangiye igihe", "cyasimbuwe n'ivugurura", "kuva {0}", "Igihe",
        "Sikana kode, cyangwa ufungure iyi aderesi wandike nimero y'icyemezo, urebe uko iki cyemezo gihagaze ubu:",
        "Ubusobanuro. Icyemezo cyasinywe kiri mu {0}; ni cyo cyonyine gifite agaciro.");

    /// <summary>
    /// The status of a certificate that is not valid (suspended, revoked, expired, superseded) with the date it took effect,
    /// in the certificate's language; <see langword="null"/> for an active certificate.
    /// </summary>
    public static (string Status, string Since)? NotValid(Certificate certificate, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var texts = For(language);
        var (status, since) = certificate.PublicStatusAt(now) switch
        {
            "active" => ((string?)null, default(DateTimeOffset)),
            "suspended" => (texts.Suspended, certificate.StatusChangedAt),
            "revoked" => (texts.Revoked, certificate.StatusChangedAt),
            "superseded" => (texts.Superseded, certificate.StatusChangedAt),
            _ => (texts.Expired, certificate.ValidUntil),
        };
        return status is null ? null
            : (status, string.Format(System.Globalization.CultureInfo.InvariantCulture, texts.Since, since.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)));
    }

    public static CertificateTexts For(string language) => language switch
    {
        "de" => German,
        "fr" => French,
        "rw" => Kinyarwanda,
        _ => English,
    };

    /// <summary>The note on a certificate printed in <paramref name="language"/> whose signed original is in <paramref name="original"/>.</summary>
    public static string TranslationOf(string original, string language) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, For(language).TranslationNote,
            LanguageNames.GetValueOrDefault(language, LanguageNames["en"]).GetValueOrDefault(original, original));
}
