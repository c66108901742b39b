using SealService.Domain;

namespace SealService.Issuance;

/// <summary>
/// Fixed wording of the printed certificate and the badge, in the certificate's language (the program's default language),
/// independent of the visitor's UI language: a certificate reads the same for everyone.
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
    string VerifyStatus)
{
    private static readonly CertificateTexts English = new(
        "Certificate", "awarded to", "Product", "Version", "Valid", "from {0} until {1}", "Serial number", "Issued by", "Signing key",
        "Scan the code, or open this address and enter the serial number, to check that this certificate is genuine and still valid:", "Criteria met",
        "valid until {0}", "suspended", "revoked", "expired", "replaced by a renewal", "since {0}", "Term",
        "Scan the code, or open this address and enter the serial number, to see the current status of this certificate:");

    private static readonly CertificateTexts German = new(
        "Zertifikat", "verliehen an", "Produkt", "Version", "Gültig", "vom {0} bis {1}", "Seriennummer", "Ausgestellt von", "Signaturschlüssel",
        "Scannen Sie den Code oder öffnen Sie diese Adresse und geben Sie die Seriennummer ein, um zu prüfen, ob dieses Zertifikat echt und noch gültig ist:", "Erfüllte Kriterien",
        "gültig bis {0}", "ausgesetzt", "widerrufen", "abgelaufen", "durch Erneuerung ersetzt", "seit {0}", "Laufzeit",
        "Scannen Sie den Code oder öffnen Sie diese Adresse und geben Sie die Seriennummer ein, um den aktuellen Status dieses Zertifikats zu sehen:");

    private static readonly CertificateTexts French = new(
        "Certificat", "décerné à", "Produit", "Version", "Validité", "du {0} au {1}", "Numéro de série", "Délivré par", "Clé de signature",
        "Scannez le code, ou ouvrez cette adresse et saisissez le numéro de série, pour vérifier que ce certificat est authentique et toujours valide :", "Critères satisfaits",
        "valide jusqu'au {0}", "suspendu", "révoqué", "expiré", "remplacé par un renouvellement", "depuis le {0}", "Période",
        "Scannez le code, ou ouvrez cette adresse et saisissez le numéro de série, pour voir l'état actuel de ce certificat :");

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
        _ => English,
    };
}
