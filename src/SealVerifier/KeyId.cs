using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SealVerifier;

/// <summary>
/// Key ids of issuing keys: the first 8 bytes of SHA-256 over the certificate's SubjectPublicKeyInfo (DER), written as
/// 16 lowercase hex characters. The raw 8 bytes are the COSE <c>kid</c> in QR tokens.
/// </summary>
public static class KeyId
{
    /// <summary>Length of a raw key id in bytes.</summary>
    public const int RawLength = 8;

    /// <summary>Computes the key id of a certificate's public key.</summary>
    /// <param name="cert">The issuing certificate.</param>
    /// <returns>16 lowercase hex characters.</returns>
    public static string FromCertificate(X509Certificate2 cert) => FromRaw(Raw(cert));

    /// <summary>Computes the raw (8-byte) key id of a certificate's public key.</summary>
    /// <param name="cert">The issuing certificate.</param>
    /// <returns>8 bytes.</returns>
    public static byte[] Raw(X509Certificate2 cert)
    {
        ArgumentNullException.ThrowIfNull(cert);
        var spki = cert.PublicKey.ExportSubjectPublicKeyInfo();
        return SHA256.HashData(spki)[..RawLength];
    }

    /// <summary>Converts a key id in hex form to its raw bytes.</summary>
    /// <param name="keyId">16 hex characters (any case).</param>
    /// <returns>8 bytes.</returns>
    /// <exception cref="FormatException">The text is not 16 hex characters.</exception>
    public static byte[] Raw(string keyId)
    {
        ArgumentNullException.ThrowIfNull(keyId);
        if (keyId.Length != RawLength * 2)
        {
            throw new FormatException("A key id is 16 hex characters.");
        }

        return Convert.FromHexString(keyId);
    }

    /// <summary>Writes raw key id bytes as lowercase hex.</summary>
    /// <param name="raw">The raw key id.</param>
    /// <returns>Lowercase hex.</returns>
    public static string FromRaw(ReadOnlySpan<byte> raw) => Convert.ToHexStringLower(raw);
}
