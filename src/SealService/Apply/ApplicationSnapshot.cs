using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SealService.Apply;

/// <summary>
/// The frozen record of one submission: product, organization profile, every declaration, the evidence list with hashes
/// and the catalog it answers. Serialized with a fixed property order and sorted lists, so the same content always gives
/// the same SHA-256 digest.
/// </summary>
public static class ApplicationSnapshot
{
    private const string Format = "sealservice.application-snapshot/1";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static (string Json, string Digest) Build(SealApplication application, Organization organization, CriteriaCatalog catalog, int revision)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(catalog);
        var profile = organization.Profile;
        var document = new
        {
            format = Format,
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

    /// <summary>
    /// What a snapshot says per criterion: the declarations and the evidence list. Null when <paramref name="json"/> is not a
    /// snapshot in this format (or lacks those parts), so callers show no comparison rather than a wrong one.
    /// </summary>
    public static SnapshotContent? Read(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format) || format.GetString() != Format
                || !root.TryGetProperty("declarations", out var declarations) || declarations.ValueKind != JsonValueKind.Array
                || !root.TryGetProperty("evidence", out var evidence) || evidence.ValueKind != JsonValueKind.Array)
            {
                return null;
            }

            var byCriterion = new Dictionary<string, SnapshotDeclaration>(StringComparer.Ordinal);
            foreach (var item in declarations.EnumerateArray())
            {
                var answer = Enum.TryParse<DeclarationAnswer>(item.GetProperty("answer").GetString(), out var parsed) ? parsed : DeclarationAnswer.Unanswered;
                byCriterion[item.GetProperty("criterionId").GetString() ?? ""] = new SnapshotDeclaration(answer, item.GetProperty("explanation").GetString() ?? "");
            }

            var files = evidence.EnumerateArray()
                .Select(item => new SnapshotEvidence(item.GetProperty("id").GetGuid(), item.GetProperty("criterionId").GetString() ?? "",
                    item.GetProperty("name").GetString() ?? "", item.GetProperty("sha256").GetString() ?? ""))
                .ToList();
            return new SnapshotContent(byCriterion, files);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return null;
        }
    }

    public static string Digest(string json) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

/// <summary>A snapshot's declarations (by criterion id) and evidence list, as read back by <see cref="ApplicationSnapshot.Read"/>.</summary>
public sealed record SnapshotContent(IReadOnlyDictionary<string, SnapshotDeclaration> Declarations, IReadOnlyList<SnapshotEvidence> Evidence);

public sealed record SnapshotDeclaration(DeclarationAnswer Answer, string Explanation);

public sealed record SnapshotEvidence(Guid Id, string CriterionId, string Name, string Sha256);
