using System.Security.Cryptography;
using System.Security.Cryptography.Cose;

namespace SealVerifier;

/// <summary>
/// The compact signature in a QR code: a COSE_Sign1 message (RFC 9052) with ES256 and the issuing key id in the protected
/// header and <see cref="QrClaims"/> CBOR as embedded content, written in RFC 4648 base32 (upper case, no padding) after
/// <c>/V/</c> in an all-upper-case URL, so a QR encoder can use alphanumeric mode.
/// </summary>
/// <remarks>
/// The current format (<see cref="QrClaims.FormatCwt"/>) is a CWT in a COSE_Sign1 with CBOR tag 18, as RFC 9052 and
/// COSE libraries expect. The legacy format (<see cref="QrClaims.FormatLegacy"/>) left the tag out; the tag (first byte
/// 0xD2) is what tells a verifier which claims format follows.
/// </remarks>
public static class QrToken
{
    /// <summary>The path segment between the base URL and the token.</summary>
    public const string PathSegment = "/V/";

    /// <summary>Longest token accepted by <see cref="TryExtractToken"/>; real tokens are about 300 characters.</summary>
    public const int MaxTokenLength = 2048;

    /// <summary>Characters a QR code of version 10 at error correction M holds in alphanumeric mode (ISO/IEC 18004 table 7).</summary>
    public const int Version10MAlphanumericCapacity = 311;

    private const byte Sign1Tag = 0xD2;

    // Tagged COSE_Sign1 around the claims: tag, array, protected header bstr {1: -7, 4: h'8 bytes'}, empty unprotected map,
    // payload bstr header (2 bytes for 24..255 bytes) and the 64-byte ES256 signature with its header.
    private const int CoseOverhead = 1 + 1 + (1 + 13) + 1 + 2 + (2 + 64);

    // Names are never cut below this by Fit; beyond that a QR code may grow past version 10 (only with absurd host names).
    private const int MinNameLength = 8;

    /// <summary>
    /// Shortens holder and product name further (longer one first, never inside a character) until the QR URL for
    /// <paramref name="publicBaseUrl"/> fits QR version 10 at error correction M. Typical names are left as they are.
    /// </summary>
    /// <param name="claims">Claims from <see cref="QrClaims.Create"/>.</param>
    /// <param name="publicBaseUrl">The base URL the QR code will carry.</param>
    /// <returns>Claims that fit, or the shortest allowed.</returns>
    public static QrClaims Fit(QrClaims claims, string publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        var prefix = publicBaseUrl.TrimEnd('/').Length + PathSegment.Length;
        var maxBytes = (Version10MAlphanumericCapacity - prefix) * 5 / 8;
        var fitted = claims;
        while (CoseOverhead + fitted.ToCbor().Length > maxBytes && (fitted.HolderName.Length > MinNameLength || fitted.ProductName.Length > MinNameLength))
        {
            fitted = fitted.HolderName.Length >= fitted.ProductName.Length && fitted.HolderName.Length > MinNameLength
                ? fitted with { HolderName = QrClaims.Shorten(fitted.HolderName, fitted.HolderName.Length - 1) }
                : fitted with { ProductName = QrClaims.Shorten(fitted.ProductName, fitted.ProductName.Length - 1) };
        }

        return fitted;
    }

    /// <summary>Signs claims with an issuing key (ES256): tagged COSE_Sign1 for CWT claims, untagged for legacy claims.</summary>
    /// <param name="claims">The claims.</param>
    /// <param name="key">The issuing key (P-256, with private key).</param>
    /// <param name="keyId">The raw 8-byte key id (<see cref="KeyId.Raw(System.Security.Cryptography.X509Certificates.X509Certificate2)"/>).</param>
    /// <returns>The COSE_Sign1 bytes.</returns>
    public static byte[] Sign(QrClaims claims, ECDsa key, byte[] keyId)
    {
        ArgumentNullException.ThrowIfNull(claims);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(keyId);
        var protectedHeaders = new CoseHeaderMap
        {
            { CoseHeaderLabel.KeyIdentifier, CoseHeaderValue.FromBytes(keyId) },
        };
        var signer = new CoseSigner(key, HashAlgorithmName.SHA256, protectedHeaders);
        var message = CoseSign1Message.SignEmbedded(claims.ToCbor(), signer);
        if (claims.Format == QrClaims.FormatCwt)
        {
            return message.Length > 0 && message[0] == Sign1Tag ? message : [Sign1Tag, .. message];
        }

        return message.Length > 0 && message[0] == Sign1Tag ? message[1..] : message;
    }

    /// <summary>The claims format of COSE bytes: <see cref="QrClaims.FormatCwt"/> when tagged 18, else <see cref="QrClaims.FormatLegacy"/>.</summary>
    /// <param name="coseSign1">The COSE bytes.</param>
    /// <returns>The format.</returns>
    public static int FormatOf(ReadOnlySpan<byte> coseSign1) => coseSign1.Length > 0 && coseSign1[0] == Sign1Tag ? QrClaims.FormatCwt : QrClaims.FormatLegacy;

    /// <summary>Writes COSE bytes as RFC 4648 base32, upper case, without padding.</summary>
    /// <param name="coseSign1">The COSE_Sign1 bytes.</param>
    /// <returns>The token.</returns>
    public static string Encode(byte[] coseSign1) => Base32.Encode(coseSign1);

    /// <summary>Reads a base32 token (any case, padding optional).</summary>
    /// <param name="token">The token.</param>
    /// <returns>The COSE bytes.</returns>
    /// <exception cref="FormatException">The token is not base32.</exception>
    public static byte[] Decode(string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        return Base32.Decode(token);
    }

    /// <summary>Builds the QR code URL: <c>UPPERCASE(base without trailing slash) + "/V/" + token</c>.</summary>
    /// <param name="publicBaseUrl">The service's public base URL, e.g. <c>https://seals.example.org</c>.</param>
    /// <param name="coseSign1">The COSE bytes from <see cref="Sign"/>.</param>
    /// <returns>An upper-case URL.</returns>
    public static string BuildUrl(string publicBaseUrl, byte[] coseSign1)
    {
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        return publicBaseUrl.TrimEnd('/').ToUpperInvariant() + PathSegment + Encode(coseSign1);
    }

    /// <summary>Takes the token out of a scanned URL (any case, any host) or accepts a bare token.</summary>
    /// <param name="urlOrToken">A QR URL such as <c>HTTPS://SEALS.EXAMPLE.ORG/V/...</c> or the token itself.</param>
    /// <param name="token">The upper-case token when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> if a base32 token was found.</returns>
    public static bool TryExtractToken(string? urlOrToken, out string token)
    {
        token = string.Empty;
        if (string.IsNullOrWhiteSpace(urlOrToken) || urlOrToken.Length > MaxTokenLength + 512)
        {
            return false;
        }

        var text = urlOrToken.Trim();
        if (text.Contains("://", StringComparison.Ordinal))
        {
            var marker = text.LastIndexOf(PathSegment, StringComparison.OrdinalIgnoreCase);
            if (marker < 0)
            {
                return false;
            }

            text = text[(marker + PathSegment.Length)..];
            var end = text.IndexOfAny(['?', '#', '/']);
            if (end >= 0)
            {
                text = text[..end];
            }
        }

        text = text.TrimEnd('=');
        if (text.Length == 0 || text.Length > MaxTokenLength || !text.All(IsBase32Char))
        {
            return false;
        }

        token = text.ToUpperInvariant();
        return true;
    }

    private static bool IsBase32Char(char c) => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '2' and <= '7');
}
