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
    string Superseded)
{
    private static readonly CertificateTexts English = new(
        "Certificate", "awarded to", "Product", "Version", "Valid", "from {0} until {1}", "Serial number", "Issued by", "Signing key",
        "Scan the code, or open this address and enter the serial number, to check that this certificate is genuine and still valid:", "Criteria met",
        "valid until {0}", "suspended", "revoked", "expired", "replaced by a renewal");

    private static readonly CertificateTexts German = new(
        "Zertifikat", "verliehen an", "Produkt", "Version", "Gültig", "vom {0} bis {1}", "Seriennummer", "Ausgestellt von", "Signaturschlüssel",
        "Scannen Sie den Code oder öffnen Sie diese Adresse und geben Sie die Seriennummer ein, um zu prüfen, ob dieses Zertifikat echt und noch gültig ist:", "Erfüllte Kriterien",
        "gültig bis {0}", "ausgesetzt", "widerrufen", "abgelaufen", "durch Erneuerung ersetzt");

    private static readonly CertificateTexts French = new(
        "Certificat", "décerné à", "Produit", "Version", "Validité", "du {0} au {1}", "Numéro de série", "Délivré par", "Clé de signature",
        "Scannez le code, ou ouvrez cette adresse et saisissez le numéro de série, pour vérifier que ce certificat est authentique et toujours valide :", "Critères satisfaits",
        "valide jusqu'au {0}", "suspendu", "révoqué", "expiré", "remplacé par un renouvellement");

    public static CertificateTexts For(string language) => language switch
    {
        "de" => German,
        "fr" => French,
        _ => English,
    };
}
