using System.IO.Compression;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SealVerifier;

/// <summary>
/// W3C Bitstring Status List v1.0 for seals: one revocation list and one suspension list, each a
/// <c>BitstringStatusListCredential</c> secured as VC-JOSE (<c>vc+jwt</c>, ES256 by an issuing key, <c>kid</c> = key id,
/// <c>x5c</c> = issuing certificate and root). A verifier holding a recent copy checks any seal offline, and the service
/// never learns which seal was checked.
/// </summary>
/// <remarks>
/// A seal's index is derived from its serial (<see cref="IndexOf"/>: the first four bytes of SHA-256 over the canonical serial,
/// big-endian, modulo <see cref="Size"/>), so a QR code or a detached seal needs no extra field; the service refuses to issue
/// a serial whose index is taken. Bit 0 is the left-most bit of the first byte (as the W3C specification says); a set bit
/// means revoked (revocation list) or suspended (suspension list).
/// </remarks>
public static class BitstringStatusList
{
    /// <summary>Entries per list: 2^20 bits (128 KiB before compression; the W3C minimum is 131,072).</summary>
    public const int Size = 1 << 20;

    /// <summary>The <c>statusPurpose</c> of the revocation list.</summary>
    public const string Revocation = "revocation";

    /// <summary>The <c>statusPurpose</c> of the suspension list.</summary>
    public const string Suspension = "suspension";

    /// <summary>The JOSE <c>typ</c> of a credential secured with VC-JOSE.</summary>
    public const string JoseType = "vc+jwt";

    /// <summary>The W3C VC 2.0 context.</summary>
    public const string CredentialsContext = "https://www.w3.org/ns/credentials/v2";

    /// <summary>Longest lifetime a status list credential may claim.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    /// <summary>The status list index of a serial.</summary>
    /// <param name="serial">A serial in any accepted spelling.</param>
    /// <returns>0 to <see cref="Size"/> - 1.</returns>
    public static int IndexOf(string serial)
    {
        var canonical = Serial.Parse(serial).Value;
        var hash = SHA256.HashData(Encoding.ASCII.GetBytes(canonical));
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(hash) % Size);
    }

    /// <summary>Encodes set indexes as the <c>encodedList</c>: multibase base64url (prefix <c>u</c>) of the GZIP-compressed bitstring.</summary>
    /// <param name="setIndexes">Indexes whose bit is 1.</param>
    /// <returns>The encoded list.</returns>
    public static string Encode(IEnumerable<int> setIndexes)
    {
        ArgumentNullException.ThrowIfNull(setIndexes);
        var bits = new byte[Size / 8];
        foreach (var index in setIndexes)
        {
            bits[index / 8] |= (byte)(0x80 >> (index % 8));
        }

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bits);
        }

        return "u" + TrustListJws.Base64Url(output.ToArray());
    }

    /// <summary>Decodes an <c>encodedList</c>.</summary>
    /// <param name="encodedList">The multibase base64url GZIP bitstring.</param>
    /// <returns>The bitstring.</returns>
    /// <exception cref="FormatException">Not an encoded list of at least 16 KiB.</exception>
    public static byte[] Decode(string encodedList)
    {
        ArgumentNullException.ThrowIfNull(encodedList);
        if (!encodedList.StartsWith('u'))
        {
            throw new FormatException("encodedList must be multibase base64url (prefix 'u').");
        }

        using var input = new MemoryStream(TrustListJws.FromBase64Url(encodedList[1..]));
        using var gzip = new GZipStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > 16 * 1024 * 1024)
            {
                throw new FormatException("The status list is too large.");
            }
        }

        return output.Length >= 16 * 1024 ? output.ToArray() : throw new FormatException("A status list must be at least 16 KiB.");
    }

    /// <summary>Whether the bit at <paramref name="index"/> is set.</summary>
    /// <param name="bits">The bitstring.</param>
    /// <param name="index">The index.</param>
    /// <returns>The bit.</returns>
    public static bool IsSet(byte[] bits, int index)
    {
        ArgumentNullException.ThrowIfNull(bits);
        return index / 8 < bits.Length && (bits[index / 8] & (0x80 >> (index % 8))) != 0;
    }

    /// <summary>The unsigned <c>BitstringStatusListCredential</c> (VC 2.0 JSON).</summary>
    /// <param name="listUrl">The list's stable URL (its id).</param>
    /// <param name="issuer">The issuer id (the service URL).</param>
    /// <param name="purpose"><see cref="Revocation"/> or <see cref="Suspension"/>.</param>
    /// <param name="setIndexes">Indexes whose bit is 1.</param>
    /// <param name="validFrom">When the list was generated.</param>
    /// <param name="validUntil">When it stops being fresh.</param>
    /// <returns>The credential.</returns>
    public static JsonObject Credential(string listUrl, string issuer, string purpose, IEnumerable<int> setIndexes, DateTimeOffset validFrom, DateTimeOffset validUntil) => new()
    {
        ["@context"] = new JsonArray(CredentialsContext),
        ["id"] = listUrl,
        ["type"] = new JsonArray("VerifiableCredential", "BitstringStatusListCredential"),
        ["issuer"] = issuer,
        ["validFrom"] = Json.UtcSecondsConverter.FormatUtc(validFrom),
        ["validUntil"] = Json.UtcSecondsConverter.FormatUtc(validUntil),
        ["credentialSubject"] = new JsonObject
        {
            ["id"] = listUrl + "#list",
            ["type"] = "BitstringStatusList",
            ["statusPurpose"] = purpose,
            ["encodedList"] = Encode(setIndexes),
        },
    };

    /// <summary>The JOSE header for a credential signed by an issuing key: ES256, vc+jwt, kid, x5c (issuing certificate, root).</summary>
    /// <param name="keyId">The issuing key id.</param>
    /// <param name="issuing">The issuing certificate.</param>
    /// <param name="root">The root certificate.</param>
    /// <returns>The header.</returns>
    public static JsonObject Header(string keyId, X509Certificate2 issuing, X509Certificate2 root)
    {
        ArgumentNullException.ThrowIfNull(issuing);
        ArgumentNullException.ThrowIfNull(root);
        return new JsonObject
        {
            ["alg"] = "ES256",
            ["typ"] = JoseType,
            ["kid"] = keyId,
            ["x5c"] = new JsonArray(Convert.ToBase64String(issuing.RawData), Convert.ToBase64String(root.RawData)),
        };
    }

    /// <summary>The JWS signing input (<c>BASE64URL(header) '.' BASE64URL(payload)</c>) for a header and a JSON payload.</summary>
    /// <param name="header">The JOSE header.</param>
    /// <param name="payload">The payload.</param>
    /// <returns>ASCII text.</returns>
    public static string SigningInput(JsonObject header, JsonObject payload)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(payload);
        return TrustListJws.Base64Url(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + TrustListJws.Base64Url(Encoding.UTF8.GetBytes(payload.ToJsonString()));
    }

    /// <summary>Completes a compact JWS from its signing input and the ES256 signature (IEEE P1363, 64 bytes).</summary>
    /// <param name="signingInput">The signing input.</param>
    /// <param name="signature">The signature.</param>
    /// <returns>The compact JWS.</returns>
    public static string Complete(string signingInput, byte[] signature) => signingInput + "." + TrustListJws.Base64Url(signature);

    /// <summary>
    /// Verifies a <c>vc+jwt</c> signed by an issuing key of the trust list (by <c>kid</c>; <c>x5c</c>, when present, must be
    /// that key's certificate optionally followed by the trust list's root; the key's certificate must be issued by that root;
    /// a compromised key must have signed before its compromise) and returns its payload. Never throws for bad input.
    /// </summary>
    /// <param name="jws">The compact JWS.</param>
    /// <param name="trustList">A checked trust list.</param>
    /// <param name="now">The current time (validFrom/validUntil).</param>
    /// <param name="payload">The payload when valid.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns>Whether the credential is authentic and in force.</returns>
    public static bool TryVerifyCredential(string jws, TrustList trustList, DateTimeOffset now, out JsonObject? payload, out string? error)
        => TryVerifyCredential(jws, trustList, now, out payload, out _, out error);

    /// <summary>As <see cref="TryVerifyCredential(string, TrustList, DateTimeOffset, out JsonObject?, out string?)"/>, also naming the key that signed.</summary>
    /// <param name="jws">The compact JWS.</param>
    /// <param name="trustList">A checked trust list.</param>
    /// <param name="now">The current time (validFrom/validUntil).</param>
    /// <param name="payload">The payload when valid.</param>
    /// <param name="signingKey">The trust list key named by <c>kid</c> when valid.</param>
    /// <param name="error">Why not, otherwise.</param>
    /// <returns>Whether the credential is authentic and in force.</returns>
    public static bool TryVerifyCredential(string jws, TrustList trustList, DateTimeOffset now, out JsonObject? payload, out TrustedKey? signingKey, out string? error)
    {
        ArgumentNullException.ThrowIfNull(trustList);
        payload = null;
        signingKey = null;
        error = null;
        try
        {
            var parts = (jws ?? string.Empty).Trim().Split('.');
            if (parts.Length != 3)
            {
                error = "not a compact JWS";
                return false;
            }

            var header = JsonNode.Parse(TrustListJws.FromBase64Url(parts[0]))!.AsObject();
            if (header["alg"]?.GetValue<string>() != "ES256" || header["typ"]?.GetValue<string>() != JoseType || header.ContainsKey("crit"))
            {
                error = "the header must say alg ES256 and typ vc+jwt";
                return false;
            }

            var key = trustList.FindKey(header["kid"]?.GetValue<string>() ?? string.Empty);
            if (key is null)
            {
                error = "the signing key is not in the trust list";
                return false;
            }

            if (header["x5c"] is JsonArray x5c && x5c.Count > 0 && x5c[0]?.GetValue<string>() != key.Certificate)
            {
                error = "x5c does not start with the key's certificate";
                return false;
            }

            if (header["x5c"] is JsonArray chain && (chain.Count > 2 || (chain.Count == 2 && chain[1]?.GetValue<string>() != trustList.RootCertificate)))
            {
                error = "x5c does not chain to the trust list's root";
                return false;
            }

            using var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(key.Certificate));
            using (var root = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(trustList.RootCertificate)))
            {
                if (!SignedTrustList.IsIssuedBy(certificate, root))
                {
                    error = "the signing key's certificate was not issued by the trust list's root";
                    return false;
                }
            }

            using var publicKey = certificate.GetECDsaPublicKey();
            if (publicKey is null || !publicKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), TrustListJws.FromBase64Url(parts[2]), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                error = "the signature is not valid";
                return false;
            }

            var body = JsonNode.Parse(TrustListJws.FromBase64Url(parts[1]))!.AsObject();
            var validFrom = DateTimeOffset.Parse(body["validFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            var validUntil = body["validUntil"] is { } until ? DateTimeOffset.Parse(until.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture) : (DateTimeOffset?)null;
            if (key.IsCompromised && validFrom >= key.CompromisedSince)
            {
                error = "the signing key was compromised when this was signed";
                return false;
            }

            if (now + TrustListJws.ClockSkew < validFrom || (validUntil is { } end && now >= end))
            {
                error = validUntil is { } expired && now >= expired ? $"it expired on {Json.UtcSecondsConverter.FormatUtc(expired)}" : "it is not valid yet";
                return false;
            }

            payload = body;
            signingKey = key;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException or InvalidOperationException or ArgumentException or NullReferenceException)
        {
            error = "malformed: " + ex.Message;
            return false;
        }
    }

    /// <summary>Loads a status list credential (<c>vc+jwt</c>) and checks it against the trust list.</summary>
    /// <param name="jws">The compact JWS.</param>
    /// <param name="trustList">A checked trust list.</param>
    /// <param name="now">The current time.</param>
    /// <returns>The list, or why it was refused.</returns>
    public static StatusListLoadResult Load(string jws, TrustList trustList, DateTimeOffset now)
    {
        if (!TryVerifyCredential(jws, trustList, now, out var payload, out var error))
        {
            return new StatusListLoadResult(null, "The status list cannot be used: " + error + ".");
        }

        try
        {
            var types = payload!["type"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
            var subject = payload["credentialSubject"]!.AsObject();
            if (!types.Contains("BitstringStatusListCredential") || subject["type"]?.GetValue<string>() != "BitstringStatusList")
            {
                return new StatusListLoadResult(null, "The credential is not a BitstringStatusListCredential.");
            }

            var purpose = subject["statusPurpose"]!.GetValue<string>();
            var bits = Decode(subject["encodedList"]!.GetValue<string>());
            var validFrom = DateTimeOffset.Parse(payload["validFrom"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
            return new StatusListLoadResult(new LoadedStatusList(payload["id"]!.GetValue<string>(), purpose, bits, validFrom), null);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or NullReferenceException or InvalidDataException)
        {
            return new StatusListLoadResult(null, "The status list is malformed: " + ex.Message);
        }
    }
}

/// <summary>A verified status list.</summary>
/// <param name="Id">Its URL.</param>
/// <param name="Purpose">revocation or suspension.</param>
/// <param name="Bits">The bitstring.</param>
/// <param name="GeneratedAt">Its validFrom: how fresh the status it gives is.</param>
public sealed record LoadedStatusList(string Id, string Purpose, byte[] Bits, DateTimeOffset GeneratedAt)
{
    /// <summary>Whether the seal with this serial has its bit set.</summary>
    /// <param name="serial">The serial.</param>
    /// <returns>The bit.</returns>
    public bool IsSet(string serial) => BitstringStatusList.IsSet(Bits, BitstringStatusList.IndexOf(serial));
}

/// <summary>Outcome of <see cref="BitstringStatusList.Load"/>.</summary>
/// <param name="List">The list, when it could be used.</param>
/// <param name="Error">Why not, otherwise.</param>
public sealed record StatusListLoadResult(LoadedStatusList? List, string? Error);

/// <summary>
/// Status from cached status lists (no per-seal call): revoked if the revocation bit is set, suspended if the suspension
/// bit is set, otherwise active, as of the lists' generation time.
/// </summary>
public sealed class StatusListStatusSource : ICertificateStatusSource
{
    private readonly LoadedStatusList? _revocation;
    private readonly LoadedStatusList? _suspension;

    /// <summary>Creates the source from verified lists.</summary>
    /// <param name="revocation">The revocation list.</param>
    /// <param name="suspension">The suspension list, if at hand.</param>
    public StatusListStatusSource(LoadedStatusList? revocation, LoadedStatusList? suspension)
    {
        if (revocation is { Purpose: not BitstringStatusList.Revocation } || suspension is { Purpose: not BitstringStatusList.Suspension })
        {
            throw new ArgumentException("The lists must have the purposes revocation and suspension.");
        }

        _revocation = revocation;
        _suspension = suspension;
    }

    /// <inheritdoc />
    public Task<LiveStatus?> GetStatusAsync(string serial, CancellationToken ct)
    {
        var asOf = new[] { _revocation?.GeneratedAt, _suspension?.GeneratedAt }.Where(t => t.HasValue).Min() ?? DateTimeOffset.MinValue;
        var reason = $"status list of {Json.UtcSecondsConverter.FormatUtc(asOf)}";
        var status = _revocation?.IsSet(serial) == true
            ? new LiveStatus(CertificateState.Revoked, null, reason, asOf)
            : _suspension?.IsSet(serial) == true
                ? new LiveStatus(CertificateState.Suspended, null, reason, asOf)
                : new LiveStatus(CertificateState.Active, null, null, asOf);
        return Task.FromResult<LiveStatus?>(status);
    }
}
