using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SealVerifier.Json;

namespace SealVerifier;

/// <summary>
/// The trust list as a compact JWS (RFC 7515) signed by the root: the current format, served at
/// <c>/.well-known/seal-trust-list.jwt</c> and checkable with any JOSE library (e.g. npm <c>jose</c>).
/// </summary>
/// <remarks>
/// <para>Header: <c>alg</c> ES384 for a P-384 root (ES256 for a P-256 root), <c>typ</c> <see cref="Type"/>, <c>x5c</c> with the
/// root certificate. Payload (JWT claims, RFC 7519): <c>iss</c> (the service URL), <c>iat</c>, <c>exp</c> (at most
/// <see cref="MaxLifetime"/> after <c>iat</c>), optional <c>nbf</c> (pre-signed lists), <c>sequence</c> (grows with every
/// list the root signs) and <c>trustList</c> (the <see cref="TrustList"/> object).</para>
/// <para>A verifier refuses an expired list, and one whose sequence is lower than the newest it has seen: an old list from
/// before a key was marked compromised cannot be replayed for longer than its short lifetime.</para>
/// </remarks>
public static class TrustListJws
{
    /// <summary>The JOSE <c>typ</c> header of a trust list.</summary>
    public const string Type = "seal-trust-list+jwt";

    /// <summary>Longest time from <c>iat</c> (or <c>nbf</c>) to <c>exp</c>.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7);

    /// <summary>Clock skew tolerated for <c>iat</c> and <c>nbf</c>.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private const int MaxDocumentBytes = 4 * 1024 * 1024;

    /// <summary>Signs a trust list with the root key.</summary>
    /// <param name="list">The list.</param>
    /// <param name="root">The root certificate (goes into <c>x5c</c>).</param>
    /// <param name="rootKey">The root's private key (P-384 or P-256).</param>
    /// <param name="sequence">The list's sequence number (larger than every earlier one).</param>
    /// <param name="issuedAt">iat.</param>
    /// <param name="expiresAt">exp, at most <see cref="MaxLifetime"/> after <paramref name="notBefore"/> or <paramref name="issuedAt"/>.</param>
    /// <param name="notBefore">nbf for lists signed ahead of time, or <see langword="null"/>.</param>
    /// <returns>The compact JWS (ASCII).</returns>
    public static string Create(TrustList list, X509Certificate2 root, ECDsa rootKey, long sequence, DateTimeOffset issuedAt, DateTimeOffset expiresAt, DateTimeOffset? notBefore = null)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(rootKey);
        if (expiresAt - (notBefore ?? issuedAt) > MaxLifetime || expiresAt <= issuedAt)
        {
            throw new ArgumentException("A trust list lives at most seven days.", nameof(expiresAt));
        }

        var header = new JsonObject
        {
            ["alg"] = Algorithm(rootKey.KeySize),
            ["typ"] = Type,
            ["x5c"] = new JsonArray(Convert.ToBase64String(root.RawData)),
        };
        var payload = new JsonObject
        {
            ["iss"] = list.ServiceUrl,
            ["iat"] = issuedAt.ToUnixTimeSeconds(),
        };
        if (notBefore is { } nbf)
        {
            payload["nbf"] = nbf.ToUnixTimeSeconds();
        }

        payload["exp"] = expiresAt.ToUnixTimeSeconds();
        payload["sequence"] = sequence;
        payload["trustList"] = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(list, SealJson.Options));
        var signingInput = Base64Url(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + Base64Url(JsonSerializer.SerializeToUtf8Bytes(payload));
        var signature = rootKey.SignData(Encoding.ASCII.GetBytes(signingInput), Hash(rootKey.KeySize), DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return signingInput + "." + Base64Url(signature);
    }

    /// <summary>
    /// Reads and checks a trust list JWS: signature by the root in <c>x5c</c>, the root pin, time (<c>exp</c>, <c>nbf</c>,
    /// <c>iat</c>), the sequence against the newest one seen, and the list itself (see <see cref="SignedTrustList.Load"/>).
    /// Never throws for bad input.
    /// </summary>
    /// <param name="jws">The compact JWS bytes (ASCII).</param>
    /// <param name="pinnedRootFingerprint">The expected root fingerprint, or <see langword="null"/> to trust the embedded root.</param>
    /// <param name="now">The current time.</param>
    /// <param name="newestSeenSequence">The highest sequence accepted before (from the pin file), or <see langword="null"/>.</param>
    /// <returns>The list with its sequence and expiry, or the reason it was refused.</returns>
    public static TrustListLoadResult Load(ReadOnlySpan<byte> jws, string? pinnedRootFingerprint, DateTimeOffset now, long? newestSeenSequence = null)
    {
        if (jws.Length > MaxDocumentBytes)
        {
            return TrustListLoadResult.Fail("The trust list is too large.");
        }

        try
        {
            return LoadCore(Encoding.ASCII.GetString(jws).Trim(), pinnedRootFingerprint, now, newestSeenSequence);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or CryptographicException or ArgumentException or InvalidOperationException or KeyNotFoundException)
        {
            return TrustListLoadResult.Fail("The trust list is malformed: " + ex.Message);
        }
    }

    /// <summary>Whether the bytes look like a compact JWS (the current format) rather than the legacy JSON document.</summary>
    /// <param name="document">The downloaded bytes.</param>
    /// <returns><see langword="true"/> for a JWS.</returns>
    public static bool IsJws(ReadOnlySpan<byte> document)
    {
        var text = document.TrimStart((byte)' ').TrimStart("\r\n\t"u8);
        return text.Length > 2 && text[0] == (byte)'e' && text[1] == (byte)'y';
    }

    private static TrustListLoadResult LoadCore(string compact, string? pin, DateTimeOffset now, long? newestSeen)
    {
        var parts = compact.Split('.');
        if (parts.Length != 3)
        {
            return TrustListLoadResult.Fail("The trust list is not a compact JWS (three base64url parts).");
        }

        using var header = JsonDocument.Parse(FromBase64Url(parts[0]));
        var h = header.RootElement;
        if (h.ValueKind != JsonValueKind.Object || h.TryGetProperty("crit", out _))
        {
            return TrustListLoadResult.Fail("The JWS header is not an object or names critical extensions.");
        }

        if (!h.TryGetProperty("typ", out var typ) || typ.GetString() != Type)
        {
            return TrustListLoadResult.Fail($"The JWS is not a trust list (typ must be {Type}).");
        }

        if (!h.TryGetProperty("x5c", out var x5c) || x5c.ValueKind != JsonValueKind.Array || x5c.GetArrayLength() != 1)
        {
            return TrustListLoadResult.Fail("The JWS header must carry the root certificate as the only x5c entry.");
        }

        var rootDer = Convert.FromBase64String(x5c[0].GetString()!);
        using var root = X509CertificateLoader.LoadCertificate(rootDer);
        using var rootKey = root.GetECDsaPublicKey();
        if (rootKey is null || rootKey.KeySize is not (256 or 384))
        {
            return TrustListLoadResult.Fail("The root key must be ECDSA P-256 or P-384.");
        }

        if (!h.TryGetProperty("alg", out var alg) || alg.GetString() != Algorithm(rootKey.KeySize))
        {
            return TrustListLoadResult.Fail($"The JWS algorithm must be {Algorithm(rootKey.KeySize)} for this root.");
        }

        var fingerprint = TrustList.Fingerprint(rootDer);
        if (pin is not null && !string.Equals(fingerprint, SignedTrustList.NormalizePin(pin), StringComparison.Ordinal))
        {
            return TrustListLoadResult.Fail("The root certificate does not match the pinned fingerprint.");
        }

        var signature = FromBase64Url(parts[2]);
        if (!rootKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), signature, Hash(rootKey.KeySize), DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
        {
            return TrustListLoadResult.Fail("The trust list signature is not valid for its root key.");
        }

        using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
        var p = payload.RootElement;
        var issuedAt = DateTimeOffset.FromUnixTimeSeconds(p.GetProperty("iat").GetInt64());
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(p.GetProperty("exp").GetInt64());
        DateTimeOffset? notBefore = p.TryGetProperty("nbf", out var nbf) ? DateTimeOffset.FromUnixTimeSeconds(nbf.GetInt64()) : null;
        var sequence = p.GetProperty("sequence").GetInt64();
        if (expiresAt - (notBefore ?? issuedAt) > MaxLifetime)
        {
            return TrustListLoadResult.Fail("The trust list claims to live longer than seven days.");
        }

        if (now >= expiresAt)
        {
            return TrustListLoadResult.Fail($"The trust list expired on {UtcSecondsConverter.FormatUtc(expiresAt)}; fetch a fresh one.");
        }

        if (now + ClockSkew < (notBefore ?? issuedAt))
        {
            return TrustListLoadResult.Fail($"The trust list is valid only from {UtcSecondsConverter.FormatUtc(notBefore ?? issuedAt)}.");
        }

        if (newestSeen is { } seen && sequence < seen)
        {
            return TrustListLoadResult.Fail($"The trust list has sequence {sequence}, older than sequence {seen} seen before: it may be a replay of an outdated list.");
        }

        var list = p.GetProperty("trustList").Deserialize<TrustList>(SealJson.Options);
        if (list is null || list.Version != TrustList.CurrentVersion)
        {
            return TrustListLoadResult.Fail($"Unsupported trust list version; expected {TrustList.CurrentVersion}.");
        }

        if (!string.Equals(list.RootFingerprint, fingerprint, StringComparison.Ordinal)
            || !Convert.FromBase64String(list.RootCertificate).AsSpan().SequenceEqual(rootDer))
        {
            return TrustListLoadResult.Fail("The list's root certificate is not the one that signed it.");
        }

        var problem = SignedTrustList.CheckKeys(list, root);
        return problem is not null
            ? TrustListLoadResult.Fail(problem)
            : TrustListLoadResult.Ok(list) with { Sequence = sequence, IssuedAt = issuedAt, ExpiresAt = expiresAt };
    }

    /// <summary>
    /// Reads <c>exp</c> without checking anything: for scheduling (when to fetch or sign the next list), never for trust.
    /// </summary>
    /// <param name="jws">The compact JWS.</param>
    /// <returns>The expiry, or <see langword="null"/> if it cannot be read.</returns>
    public static DateTimeOffset? UnverifiedExpiry(string jws)
    {
        ArgumentNullException.ThrowIfNull(jws);
        try
        {
            var parts = jws.Trim().Split('.');
            using var payload = JsonDocument.Parse(FromBase64Url(parts[1]));
            return DateTimeOffset.FromUnixTimeSeconds(payload.RootElement.GetProperty("exp").GetInt64());
        }
        catch (Exception ex) when (ex is JsonException or FormatException or IndexOutOfRangeException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Algorithm(int keySize) => keySize switch
    {
        256 => "ES256",
        384 => "ES384",
        _ => throw new CryptographicException("The root key must be ECDSA P-256 or P-384."),
    };

    private static HashAlgorithmName Hash(int keySize) => keySize == 384 ? HashAlgorithmName.SHA384 : HashAlgorithmName.SHA256;

    internal static string Base64Url(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[] FromBase64Url(string text)
    {
        if (text.Contains('=', StringComparison.Ordinal) || text.Contains('+', StringComparison.Ordinal) || text.Contains('/', StringComparison.Ordinal))
        {
            throw new FormatException("Not base64url.");
        }

        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException("Not base64url.") };
        return Convert.FromBase64String(padded);
    }
}
