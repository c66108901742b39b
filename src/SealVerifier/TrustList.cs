using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using SealVerifier.Json;

namespace SealVerifier;

/// <summary>
/// The certification body's public keys: the root certificate and every issuing key it certified, with their state.
/// Served signed (see <see cref="SignedTrustList"/>) at <c>/.well-known/seal-trust-list.json</c>.
/// </summary>
/// <param name="Version">Format version, always <see cref="CurrentVersion"/>.</param>
/// <param name="Issuer">Full legal name of the certification body.</param>
/// <param name="ServiceUrl">The service's public base URL (used for online status checks).</param>
/// <param name="GeneratedAt">When the list was produced.</param>
/// <param name="RootCertificate">The root certificate, base64 DER.</param>
/// <param name="RootFingerprint"><c>sha256:</c> + lowercase hex SHA-256 of the root certificate DER.</param>
/// <param name="Keys">The issuing keys, including retired and compromised ones.</param>
public sealed record TrustList(
    int Version,
    string Issuer,
    string ServiceUrl,
    DateTimeOffset GeneratedAt,
    string RootCertificate,
    string RootFingerprint,
    IReadOnlyList<TrustedKey> Keys)
{
    /// <summary>The trust list format version this library writes and accepts.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Computes the fingerprint of a certificate in trust list form.</summary>
    /// <param name="certificateDer">Certificate DER bytes.</param>
    /// <returns><c>sha256:</c> + 64 lowercase hex characters.</returns>
    public static string Fingerprint(ReadOnlySpan<byte> certificateDer) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(certificateDer));

    /// <summary>Finds an issuing key by key id.</summary>
    /// <param name="keyId">16 hex characters.</param>
    /// <returns>The key, or <see langword="null"/>.</returns>
    public TrustedKey? FindKey(string keyId) => Keys.FirstOrDefault(k => string.Equals(k.KeyId, keyId, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An issuing key in the trust list.</summary>
/// <param name="KeyId">Key id (16 lowercase hex characters, see <see cref="SealVerifier.KeyId"/>).</param>
/// <param name="Certificate">The issuing certificate, base64 DER, signed by the root.</param>
/// <param name="NotBefore">Start of the key's use for signing.</param>
/// <param name="NotAfter">End of the key's use for signing.</param>
/// <param name="State"><see cref="Active"/>, <see cref="Retired"/> or <see cref="Compromised"/>.</param>
/// <param name="CompromisedSince">For a compromised key, the instant from which its signatures are void.</param>
public sealed record TrustedKey(string KeyId, string Certificate, DateTimeOffset NotBefore, DateTimeOffset NotAfter, string State, DateTimeOffset? CompromisedSince = null)
{
    /// <summary>State of a key in use.</summary>
    public const string Active = "active";

    /// <summary>State of a key no longer used to sign; its old signatures stay valid.</summary>
    public const string Retired = "retired";

    /// <summary>State of a key whose signatures from <see cref="CompromisedSince"/> on are void.</summary>
    public const string Compromised = "compromised";

    /// <summary>Whether the key is marked compromised.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsCompromised => string.Equals(State, Compromised, StringComparison.Ordinal);
}

/// <summary>Outcome of <see cref="SignedTrustList.Load"/>.</summary>
/// <param name="Success">Whether the trust list was authentic and consistent.</param>
/// <param name="TrustList">The list when <paramref name="Success"/> is true.</param>
/// <param name="Error">Why loading failed, in one sentence.</param>
public sealed record TrustListLoadResult(
    [property: MemberNotNullWhen(true, "TrustList")] bool Success,
    TrustList? TrustList,
    string? Error)
{
    /// <summary>The list's sequence number (JWS format only; the legacy JSON format has none).</summary>
    public long? Sequence { get; init; }

    /// <summary>When the root signed the list (JWS format only).</summary>
    public DateTimeOffset? IssuedAt { get; init; }

    /// <summary>When the list expires (JWS format only).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    internal static TrustListLoadResult Ok(TrustList list) => new(true, list, null);

    internal static TrustListLoadResult Fail(string error) => new(false, null, error);
}

/// <summary>
/// The legacy signed trust list document (version 1 of the contract, still served at <c>/.well-known/seal-trust-list.json</c>
/// for existing clients; new clients use <see cref="TrustListJws"/>): <c>{ "trustList": {...}, "signature": "..." }</c>, where the signature is ECDSA
/// (IEEE P1363 form, base64) by the root key over the RFC 8785 canonical bytes of the <c>trustList</c> member, with SHA-256
/// for a P-256 root and SHA-384 for a P-384 root.
/// </summary>
public static class SignedTrustList
{
    private const int MaxDocumentBytes = 4 * 1024 * 1024;

    /// <summary>Signs a trust list with the root key and returns the document to publish (canonical JSON).</summary>
    /// <param name="list">The trust list.</param>
    /// <param name="rootKey">The root's private key (P-256 or P-384).</param>
    /// <returns>UTF-8 JSON of the signed document.</returns>
    public static byte[] Create(TrustList list, ECDsa rootKey)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(rootKey);
        var body = CanonicalJson.Serialize(list, SealJson.Options);
        var signature = rootKey.SignData(body, HashFor(rootKey.KeySize), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        var document = new JsonObject
        {
            ["trustList"] = JsonNode.Parse(body),
            ["signature"] = Convert.ToBase64String(signature),
        };
        return CanonicalJson.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(document));
    }

    /// <summary>
    /// Reads and checks a signed trust list: the root fingerprint (and the pin, if given), the root's signature, that every
    /// issuing certificate was signed by the root and that every key id matches its certificate. Never throws for bad input.
    /// </summary>
    /// <param name="json">The document bytes.</param>
    /// <param name="pinnedRootFingerprint">The expected root fingerprint (<c>sha256:</c> + hex, any case, colons allowed), or <see langword="null"/> to trust the embedded root.</param>
    /// <returns>The list, or the reason it was refused.</returns>
    public static TrustListLoadResult Load(ReadOnlySpan<byte> json, string? pinnedRootFingerprint)
    {
        if (json.Length > MaxDocumentBytes)
        {
            return TrustListLoadResult.Fail("The trust list is too large.");
        }

        try
        {
            return LoadCore(json, pinnedRootFingerprint);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException or ArgumentException or InvalidOperationException)
        {
            return TrustListLoadResult.Fail("The trust list is malformed: " + ex.Message);
        }
    }

    private static TrustListLoadResult LoadCore(ReadOnlySpan<byte> json, string? pin)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("trustList", out var body) || body.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("signature", out var signatureElement) || signatureElement.ValueKind != JsonValueKind.String)
        {
            return TrustListLoadResult.Fail("The document must have a \"trustList\" object and a \"signature\" string.");
        }

        var bodyText = System.Text.Encoding.UTF8.GetBytes(body.GetRawText());
        var list = JsonSerializer.Deserialize<TrustList>(bodyText, SealJson.Options);
        if (list is null || list.Version != TrustList.CurrentVersion)
        {
            return TrustListLoadResult.Fail($"Unsupported trust list version; expected {TrustList.CurrentVersion}.");
        }

        var rootDer = Convert.FromBase64String(list.RootCertificate);
        var fingerprint = TrustList.Fingerprint(rootDer);
        if (!string.Equals(fingerprint, list.RootFingerprint, StringComparison.Ordinal))
        {
            return TrustListLoadResult.Fail("The root fingerprint does not match the root certificate.");
        }

        if (pin is not null && !string.Equals(fingerprint, NormalizePin(pin), StringComparison.Ordinal))
        {
            return TrustListLoadResult.Fail("The root certificate does not match the pinned fingerprint.");
        }

        using var rootCert = X509CertificateLoader.LoadCertificate(rootDer);
        using var rootKey = rootCert.GetECDsaPublicKey();
        if (rootKey is null || rootKey.KeySize is not (256 or 384))
        {
            return TrustListLoadResult.Fail("The root key must be ECDSA P-256 or P-384.");
        }

        var signature = Convert.FromBase64String(signatureElement.GetString()!);
        var signed = CanonicalJson.Canonicalize(bodyText);
        if (!rootKey.VerifyData(signed, signature, HashFor(rootKey.KeySize), DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return TrustListLoadResult.Fail("The trust list signature is not valid for its root key.");
        }

        var keysProblem = CheckKeys(list, rootCert);
        return keysProblem is null ? TrustListLoadResult.Ok(list) : TrustListLoadResult.Fail(keysProblem);
    }

    /// <summary>Checks every issuing key of a list against the root; answers the first problem or <see langword="null"/>.</summary>
    internal static string? CheckKeys(TrustList list, X509Certificate2 rootCert)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in list.Keys)
        {
            var problem = CheckKey(key, rootCert);
            if (problem is not null)
            {
                return $"Key {key.KeyId}: {problem}";
            }

            if (!seen.Add(key.KeyId))
            {
                return $"Key {key.KeyId} is listed twice.";
            }
        }

        return null;
    }

    private static string? CheckKey(TrustedKey key, X509Certificate2 rootCert)
    {
        if (key.State is not (TrustedKey.Active or TrustedKey.Retired or TrustedKey.Compromised))
        {
            return "unknown state \"" + key.State + "\".";
        }

        if (key.IsCompromised != key.CompromisedSince.HasValue)
        {
            return "compromisedSince must be set exactly when the key is compromised.";
        }

        using var cert = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(key.Certificate));
        if (!string.Equals(KeyId.FromCertificate(cert), key.KeyId, StringComparison.Ordinal))
        {
            return "the key id does not match the certificate.";
        }

        if (key.NotBefore < new DateTimeOffset(cert.NotBefore.ToUniversalTime()).AddSeconds(-1)
            || key.NotAfter > new DateTimeOffset(cert.NotAfter.ToUniversalTime()).AddSeconds(1)
            || key.NotBefore > key.NotAfter)
        {
            return "the key's validity lies outside its certificate's validity.";
        }

        return IsIssuedBy(cert, rootCert) ? null : "the certificate was not issued by the root.";
    }

    internal static bool IsIssuedBy(X509Certificate2 cert, X509Certificate2 rootCert)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(rootCert);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        // Retired keys' certificates may have expired; signatures made while they were valid still count.
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.IgnoreNotTimeValid | X509VerificationFlags.IgnoreCtlNotTimeValid;
        return chain.Build(cert)
            && chain.ChainElements.Count == 2
            && chain.ChainElements[1].Certificate.RawData.AsSpan().SequenceEqual(rootCert.RawData);
    }

    internal static string NormalizePin(string pin)
    {
        var text = pin.Trim().Replace(":", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        if (text.StartsWith("sha256", StringComparison.Ordinal))
        {
            text = text["sha256".Length..];
        }

        return "sha256:" + text;
    }

    private static HashAlgorithmName HashFor(int keySize) => keySize switch
    {
        256 => HashAlgorithmName.SHA256,
        384 => HashAlgorithmName.SHA384,
        _ => throw new CryptographicException("The root key must be ECDSA P-256 or P-384."),
    };
}
