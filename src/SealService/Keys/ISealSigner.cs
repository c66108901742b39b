using SealVerifier;

namespace SealService.Keys;

/// <summary>
/// The only door to private keys. Everything else works with public certificates and the bytes this returns.
/// </summary>
/// <remarks>
/// Seams for an HSM or cloud KMS implementation: the issuing key signs a SHA-256 digest with ECDSA P-256 (the COSE
/// Sig_structure for <see cref="SignQr"/>, the CMS signed attributes for <see cref="SignCms"/>), and the root signs the
/// canonical trust list bytes with ECDSA P-384/SHA-384. An implementation that keeps the keys in hardware wraps its handle in
/// an <see cref="System.Security.Cryptography.ECDsa"/> subclass (override <c>SignHash</c>) and hands that to
/// <see cref="CmsSeal"/>, <see cref="QrToken"/> and <see cref="SignedTrustList"/>; certificates stay public files.
/// Signing methods take the key id explicitly, so one certificate is signed with one key even if a rotation happens meanwhile.
/// </remarks>
public interface ISealSigner
{
    /// <summary>The issuing key new seals are signed with (16 hex characters).</summary>
    string CurrentKeyId { get; }

    /// <summary>Detached CMS SignedData (DER) over <paramref name="content"/>, issuing certificate embedded.</summary>
    byte[] SignCms(string keyId, byte[] content, DateTimeOffset signingTime);

    /// <summary>COSE_Sign1 (ES256) over the QR claims, key id in the protected header.</summary>
    byte[] SignQr(string keyId, QrClaims claims);

    /// <summary>An ES256 JWS signature (IEEE P1363, 64 bytes) by the issuing key over a JWS signing input (status lists, credentials).</summary>
    byte[] SignJose(string keyId, byte[] signingInput);

    /// <summary>Whether the root key is at hand to sign the trust list (it is not on a production web server).</summary>
    bool CanSignTrustList { get; }

    /// <summary>The signed trust list document in the legacy JSON format (root key).</summary>
    byte[] SignTrustList(TrustList trustList);

    /// <summary>The root's CRL (DER) listing the given issuing certificates as revoked for key compromise.</summary>
    byte[] SignRootCrl(IReadOnlyList<RevokedIssuingCertificate> revoked, long crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate);

    /// <summary>The trust list as a compact JWS (root key, ES384), see <see cref="TrustListJws"/>.</summary>
    string SignTrustListJws(TrustList trustList, long sequence, DateTimeOffset issuedAt, DateTimeOffset expiresAt, DateTimeOffset? notBefore = null);
}

/// <summary>An issuing certificate on the root's CRL: its serial number and the time from which its key counts as compromised.</summary>
public sealed record RevokedIssuingCertificate(byte[] SerialNumber, DateTimeOffset Since);
