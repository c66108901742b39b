using System.Text.Json.Nodes;
using SealService.Domain;
using SealService.Infrastructure;
using SealVerifier;

namespace SealService.Issuance;

/// <summary>
/// The wallet-ready form of a seal: a W3C VC 2.0 / Open Badges 3.0 <c>OpenBadgeCredential</c> (achievement = the program
/// with its criteria and catalog version; subject = the organization and its product; validFrom/validUntil; credentialStatus
/// = the seal's entries in the revocation and suspension lists), secured as <c>vc+jwt</c> (ES256) by the active issuing key
/// (<c>kid</c> in the trust list, <c>x5c</c> = issuing certificate and root). Built from the signed payload on request.
/// </summary>
public sealed class SealCredential(StatusListPublisher statusLists, PublicUrls urls, Microsoft.Extensions.Options.IOptions<SealOptions> seal)
{
    public const string Context = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    public JsonObject Build(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var payload = SealPayload.Parse(certificate.Payload);
        var index = (certificate.StatusIndex ?? BitstringStatusList.IndexOf(certificate.Serial)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var baseUrl = urls.BaseUrl;
        return new JsonObject
        {
            ["@context"] = new JsonArray(BitstringStatusList.CredentialsContext, Context),
            ["id"] = $"{baseUrl}/api/v1/certificates/{certificate.Serial}/credential",
            ["type"] = new JsonArray("VerifiableCredential", "OpenBadgeCredential"),
            ["name"] = payload.Program.Name,
            ["issuer"] = new JsonObject
            {
                ["id"] = baseUrl,
                ["type"] = new JsonArray("Profile"),
                ["name"] = seal.Value.IssuerName,
                ["url"] = baseUrl,
            },
            ["validFrom"] = Format(payload.ValidFrom),
            ["validUntil"] = Format(payload.ValidUntil),
            ["credentialSubject"] = new JsonObject
            {
                ["type"] = new JsonArray("AchievementSubject"),
                ["identifier"] = new JsonArray(
                    Identity("name", payload.Holder.Name),
                    Identity("ext:registrationNumber", payload.Holder.RegistrationNumber),
                    Identity("ext:serial", payload.Serial)),
                ["narrative"] = $"{payload.Product.Name} {payload.Product.Version}".Trim() + " — " + payload.Scope,
                ["achievement"] = new JsonObject
                {
                    ["id"] = $"{baseUrl}/programs/{payload.Program.Id}/{payload.Program.CatalogVersion}",
                    ["type"] = new JsonArray("Achievement"),
                    ["name"] = payload.Program.Name,
                    ["description"] = payload.Scope,
                    ["version"] = payload.Program.CatalogVersion,
                    ["criteria"] = new JsonObject
                    {
                        ["narrative"] = "Criteria met (catalog " + payload.Program.CatalogVersion + ", " + payload.Program.CatalogDigest + "): " + string.Join(", ", payload.CriteriaMet),
                    },
                },
            },
            ["credentialStatus"] = new JsonArray(Entry(BitstringStatusList.Revocation, index), Entry(BitstringStatusList.Suspension, index)),
        };
    }

    /// <summary>The credential as vc+jwt.</summary>
    public string Sign(Certificate certificate) => statusLists.Sign(Build(certificate));

    private JsonObject Entry(string purpose, string index) => new()
    {
        ["id"] = statusLists.ListUrl(purpose) + "#" + index,
        ["type"] = "BitstringStatusListEntry",
        ["statusPurpose"] = purpose,
        ["statusListIndex"] = index,
        ["statusListCredential"] = statusLists.ListUrl(purpose),
    };

    private static JsonObject Identity(string type, string value) => new()
    {
        ["type"] = "IdentityObject",
        ["identityHash"] = value,
        ["identityType"] = type,
        ["hashed"] = false,
    };

    private static string Format(DateTimeOffset value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
