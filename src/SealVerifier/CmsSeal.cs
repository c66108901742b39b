using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace SealVerifier;

/// <summary>Creates the detached CMS signature over a canonical payload (checkable with <c>openssl cms -verify</c>).</summary>
public static class CmsSeal
{
    /// <summary>OID of SHA-256, the only digest algorithm seals use.</summary>
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    /// <summary>
    /// Signs content as detached CMS SignedData: signer identified by issuer and serial number, SHA-256, the issuing
    /// certificate embedded (not the root), and a signing-time attribute.
    /// </summary>
    /// <param name="content">The canonical payload bytes.</param>
    /// <param name="certWithKey">The issuing certificate with its private key.</param>
    /// <param name="signingTime">The signing time to record (normally the payload's issuedAt).</param>
    /// <returns>The CMS SignedData, DER.</returns>
    public static byte[] SignDetached(byte[] content, X509Certificate2 certWithKey, DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(certWithKey);
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certWithKey)
        {
            DigestAlgorithm = new Oid(Sha256Oid),
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        signer.SignedAttributes.Add(new Pkcs9SigningTime(signingTime.UtcDateTime));
        cms.ComputeSignature(signer, silent: true);
        return cms.Encode();
    }
}
