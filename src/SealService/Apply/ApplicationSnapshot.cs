using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SealService.Domain;
using SealService.Programs;

namespace SealService.Apply;

/// <summary>
/// The frozen record of one submission: product, organization profile, every declaration, the evidence list with hashes
/// and the catalog it answers. Serialized with a fixed property order and sorted lists, so the same content always gives
/// the same SHA-256 digest.
/// </summary>
public static class ApplicationSnapshot
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static (string Json, string Digest) Build(SealApplication application, Organization organization, CriteriaCatalog catalog, int revision)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(catalog);
        var profile = organization.Profile;
        var document = new
        {
            format = "sealservice.application-snapshot/1",
            applicationId = application.Id,
            revision,
            catalog = new { key = catalog.Key, programId = catalog.ProgramId, version = catalog.Version, digest = catalog.Digest },
            product = new { name = application.ProductName, version = application.ProductVersion, description = application.ProductDescription, website = application.ProductWebsite },
            organization = new
            {
                id = organization.Id,
                legalName = profile.LegalName,
                legalForm = profile.LegalForm,
                registrationNumber = profile.RegistrationNumber,
                country = profile.Country,
                street = profile.Street,
                postalCode = profile.PostalCode,
                city = profile.City,
                website = profile.Website,
                contactName = profile.ContactName,
                contactEmail = profile.ContactEmail,
                associationMember = profile.IsAssociationMember,
            },
            declarations = application.Declarations
                .OrderBy(d => catalog.Find(d.CriterionId)?.Order ?? int.MaxValue).ThenBy(d => d.CriterionId, StringComparer.Ordinal)
                .Select(d => new { criterionId = d.CriterionId, answer = d.Answer.ToString(), explanation = d.Explanation })
                .ToList(),
            evidence = application.Evidence.Where(e => e.IsCurrent)
                .OrderBy(e => e.CriterionId, StringComparer.Ordinal).ThenBy(e => e.Sha256, StringComparer.Ordinal)
                .Select(e => new { id = e.Id, criterionId = e.CriterionId, name = e.OriginalName, contentType = e.ContentType, size = e.Size, sha256 = e.Sha256, validUntil = e.ValidUntil })
                .ToList(),
        };
        var json = JsonSerializer.Serialize(document, Json);
        return (json, Digest(json));
    }

    public static string Digest(string json) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}
