using System.Text.Json.Nodes;
using SealService.Keys;
using SealVerifier;

namespace SealService.Issuance;

/// <summary>
/// The wallet-ready form of a seal: a W3C VC 2.0 / Open Badges 3.0 <c>OpenBadgeCredential</c> (achievement = the program
/// with its criteria and catalog version; subject = the organization and its product; validFrom/validUntil; credentialStatus
/// = the seal's entries in the revocation and suspension lists), secured as <c>vc+jwt</c> (ES256) by an issuing key
/// (<c>kid</c> in the trust list, <c>x5c</c> = issuing certificate and root).
/// </summary>
/// <remarks>
/// The issuance pipeline builds it from the payload before anything is signed, checks it with the issuance policy, signs it
/// with the seal's key and self-checks it; the signed credential is stored with the certificate and served as it is
/// (<see cref="Serve"/>). Certificates issued before that have none stored: theirs is built from the signed payload and
/// signed on download by the active issuing key, as it always was.
/// </remarks>
public sealed class SealCredential(StatusListPublisher statusLists, PublicUrls urls, Microsoft.Extensions.Options.IOptions<SealOptions> seal)
{
    public const string Context = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

    /// <summary>The credential of a certificate issued without one stored, built from its signed payload.</summary>
    public JsonObject Build(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Build(SealPayload.Parse(certificate.Payload), certificate.StatusIndex ?? BitstringStatusList.IndexOf(certificate.Serial));
    }

    /// <summary>The unsigned credential for a payload (the verification URL, the only part signed later, is not used).</summary>
    public JsonObject Build(SealPayload payload, int statusIndex)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var index = statusIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var baseUrl = urls.BaseUrl;
        return new JsonObject
        {
            ["@context"] = new JsonArray(BitstringStatusList.CredentialsContext, Context),
            ["id"] = Url(baseUrl, payload.Serial),
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
                    ["id"] = AchievementUrl(baseUrl, payload.Program),
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

    /// <summary>
    /// The credential served for a certificate: the one the issuance pipeline signed, self-checked and stored; for a certificate
    /// issued before that, built from its payload and signed now by the active issuing key.
    /// </summary>
    public string Serve(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.Credential ?? statusLists.Sign(Build(certificate));
    }

    /// <summary>The credential as vc+jwt, signed by <paramref name="keyId"/> through <paramref name="signer"/> (the pipeline's signer and the seal's key).</summary>
    public static string Sign(ISealSigner signer, TrustList trustList, string keyId, JsonObject credential) =>
        StatusListPublisher.Sign(signer, trustList, keyId, credential);

    /// <summary>The credential's id: where it is served.</summary>
    public static string Url(string baseUrl, string serial) => $"{baseUrl}/api/v1/certificates/{serial}/credential";

    /// <summary>The achievement's id: the program page of the catalog version.</summary>
    public static string AchievementUrl(string baseUrl, ProgramRef program)
    {
        ArgumentNullException.ThrowIfNull(program);
        return $"{baseUrl}/programs/{program.Id}/{program.CatalogVersion}";
    }

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
