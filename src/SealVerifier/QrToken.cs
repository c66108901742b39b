using System.Security.Cryptography;
using System.Security.Cryptography.Cose;

namespace SealVerifier;

/// <summary>
/// The compact signature in a QR code: a COSE_Sign1 message (RFC 9052) with ES256 and the issuing key id in the protected
/// header and <see cref="QrClaims"/> CBOR as embedded content, written in RFC 4648 base32 (upper case, no padding) after
/// <c>/V/</c> in an all-upper-case URL, so a QR encoder can use alphanumeric mode.
/// </summary>
public static class QrToken
{
    /// <summary>The path segment between the base URL and the token.</summary>
    public const string PathSegment = "/V/";

    /// <summary>Longest token accepted by <see cref="TryExtractToken"/>; real tokens are about 300 characters.</summary>
    public const int MaxTokenLength = 2048;

    private const byte Sign1Tag = 0xD2;

    /// <summary>Signs claims with an issuing key (ES256). The CBOR tag 18 is left out to keep the QR code small.</summary>
    /// <param name="claims">The claims.</param>
    /// <param name="key">The issuing key (P-256, with private key).</param>
    /// <param name="keyId">The raw 8-byte key id (<see cref="KeyId.Raw(System.Security.Cryptography.X509Certificates.X509Certificate2)"/>).</param>
    /// <returns>The untagged COSE_Sign1 bytes.</returns>
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
        return message.Length > 0 && message[0] == Sign1Tag ? message[1..] : message;
    }

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
