using SealVerifier;

namespace SealService.Issuance;

/// <summary>
/// The languages a certificate is printed in: its own (the signed original, the program's default language) first, then
/// the other languages of the catalog version it was issued under, each with the program's name and the scope sentence
/// from that catalog.
/// </summary>
public sealed class CertificateLanguages(SealProgramCatalog programs)
{
    public IReadOnlyList<string> Of(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var others = Catalog(certificate)?.Languages ?? [];
        return [certificate.Language, .. others.Where(l => l != certificate.Language && CertificateTexts.Languages.Contains(l))];
    }

    /// <summary>
    /// The wording of the certificate in <paramref name="language"/>: null for its own language (the signed payload's
    /// wording), a translation for another of <see cref="Of"/>; false when the certificate is not offered in that language.
    /// </summary>
    public bool TryWording(Certificate certificate, string language, out CertificateWording? wording)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        wording = null;
        if (language == certificate.Language)
        {
            return true;
        }

        if (!Of(certificate).Contains(language) || Catalog(certificate) is not { } catalog)
        {
            return false;
        }

        var payload = SealPayload.Parse(certificate.Payload);
        wording = new CertificateWording(language, catalog.Name.In(language), catalog.ScopeSentence(language, payload.Product.Name, payload.Holder.Name));
        return true;
    }

    private CriteriaCatalog? Catalog(Certificate certificate) =>
        programs.Find(certificate.ProgramId, SealPayload.Parse(certificate.Payload).Program.CatalogVersion);
}
