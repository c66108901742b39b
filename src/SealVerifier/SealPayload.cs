using System.Text.Json;
using System.Text.Json.Serialization;
using SealVerifier.Json;

namespace SealVerifier;

/// <summary>
/// The signed content of a seal certificate. Its RFC 8785 canonical JSON form (<see cref="ToCanonicalJson"/>) is what the
/// detached CMS signature covers and what <c>GET /api/v1/certificates/{serial}/payload</c> serves.
/// </summary>
/// <remarks>
/// Member names are camelCase (<c>v</c>, <c>serial</c>, <c>program</c>, ...). Dates are UTC with whole seconds and a 'Z'
/// (<c>2026-11-22T10:00:00Z</c>); finer parts are dropped when writing. <see cref="HolderRef.Website"/> is omitted when it
/// is <see langword="null"/>.
/// </remarks>
/// <param name="V">Format version; always <see cref="CurrentVersion"/>.</param>
/// <param name="Serial">The certificate serial, e.g. <c>SMIG-7K3Q-9XWD-C</c> (see <see cref="SealVerifier.Serial"/>).</param>
/// <param name="Program">The seal program and the criteria catalog the audit used.</param>
/// <param name="Holder">The certified organization.</param>
/// <param name="Product">The certified product.</param>
/// <param name="Scope">What exactly the seal covers, in plain words.</param>
/// <param name="CriteriaMet">The identifiers of the catalog criteria that were met, e.g. <c>SMIG-1</c>.</param>
/// <param name="IssuedAt">When the certificate was signed.</param>
/// <param name="ValidFrom">Start of validity.</param>
/// <param name="ValidUntil">End of validity (the last valid instant).</param>
/// <param name="Issuer">The certification body and the key id of the issuing key.</param>
/// <param name="VerificationUrl">Where a person can check the certificate online.</param>
public sealed record SealPayload(
    int V,
    string Serial,
    ProgramRef Program,
    HolderRef Holder,
    ProductRef Product,
    string Scope,
    IReadOnlyList<string> CriteriaMet,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidFrom,
    DateTimeOffset ValidUntil,
    IssuerRef Issuer,
    string VerificationUrl)
{
    /// <summary>The payload format version this library writes and accepts.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Returns the RFC 8785 canonical UTF-8 JSON of this payload: the exact bytes that get signed.</summary>
    /// <returns>Canonical JSON bytes.</returns>
    public byte[] ToCanonicalJson() => CanonicalJson.Serialize(this, SealJson.Options);

    /// <summary>Reads a payload from UTF-8 JSON (canonical or not; callers that need canonical bytes check that separately).</summary>
    /// <param name="utf8Json">The JSON text.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="FormatException">The input is not a version 1 seal payload.</exception>
    public static SealPayload Parse(ReadOnlySpan<byte> utf8Json)
    {
        SealPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize<SealPayload>(utf8Json, SealJson.Options);
        }
        catch (JsonException ex)
        {
            throw new FormatException("The payload is not valid seal payload JSON: " + ex.Message, ex);
        }

        if (payload is null)
        {
            throw new FormatException("The payload is null.");
        }

        if (payload.V != CurrentVersion)
        {
            throw new FormatException($"Unsupported payload version {payload.V}; expected {CurrentVersion}.");
        }

        if (payload.CriteriaMet.Any(static c => c is null))
        {
            throw new FormatException("criteriaMet must not contain null.");
        }

        return payload;
    }
}

/// <summary>The seal program a certificate belongs to.</summary>
/// <param name="Id">Program id, e.g. <c>smig</c>.</param>
/// <param name="Name">Program name, e.g. <c>Software Made in Germany</c>.</param>
/// <param name="CatalogVersion">Version of the criteria catalog used, e.g. <c>2025.1</c>.</param>
/// <param name="CatalogDigest">Digest of the catalog file, <c>sha256:</c> followed by lowercase hex.</param>
public sealed record ProgramRef(string Id, string Name, string CatalogVersion, string CatalogDigest);

/// <summary>The certified organization.</summary>
/// <param name="Name">Legal name.</param>
/// <param name="RegistrationNumber">Commercial register number.</param>
/// <param name="Country">ISO 3166-1 alpha-2 country code, e.g. <c>DE</c>.</param>
/// <param name="Website">Public website, or <see langword="null"/> (then omitted from the JSON).</param>
public sealed record HolderRef(
    string Name,
    string RegistrationNumber,
    string Country,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Website = null);

/// <summary>The certified product.</summary>
/// <param name="Name">Product name.</param>
/// <param name="Version">Product version or version range the audit covered.</param>
public sealed record ProductRef(string Name, string Version);

/// <summary>The certification body and the issuing key that signed.</summary>
/// <param name="Name">Full legal name of the certification body.</param>
/// <param name="KeyId">Key id of the issuing key (16 lowercase hex characters, see <see cref="SealVerifier.KeyId"/>).</param>
public sealed record IssuerRef(string Name, string KeyId);
