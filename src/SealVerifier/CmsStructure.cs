using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace SealVerifier;

/// <summary>
/// Strict DER shape check of a seal's detached CMS SignedData. <see cref="System.Security.Cryptography.Pkcs.SignedCms"/>
/// accepts BER and ignores several unsigned fields (version numbers, the outer digest algorithm set, the signature
/// algorithm identifier); requiring exactly the shape <see cref="CmsSeal.SignDetached"/> produces means that changing
/// any byte of a signature makes it fail, not just the signed ones.
/// </summary>
internal static class CmsStructure
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string DataOid = "1.2.840.113549.1.7.1";
    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";

    /// <summary>Checks the shape and returns the encoded IssuerAndSerialNumber of the single signer.</summary>
    /// <exception cref="AsnContentException">The encoding is not DER or not the expected shape.</exception>
    internal static byte[] CheckShape(ReadOnlyMemory<byte> der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.DER);
        var contentInfo = reader.ReadSequence();
        reader.ThrowIfNotEmpty();
        Expect(contentInfo.ReadObjectIdentifier() == SignedDataOid);
        var explicitContent = contentInfo.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
        contentInfo.ThrowIfNotEmpty();
        var signedData = explicitContent.ReadSequence();
        explicitContent.ThrowIfNotEmpty();

        Expect(signedData.ReadInteger() == 1);
        var digestAlgorithms = signedData.ReadSetOf();
        CheckSha256(digestAlgorithms.ReadSequence());
        digestAlgorithms.ThrowIfNotEmpty();
        var encapContent = signedData.ReadSequence();
        Expect(encapContent.ReadObjectIdentifier() == DataOid);
        encapContent.ThrowIfNotEmpty();
        var certificates = signedData.ReadSetOf(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
        certificates.ReadEncodedValue();
        certificates.ThrowIfNotEmpty();
        var signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        var signerInfo = signerInfos.ReadSequence();
        signerInfos.ThrowIfNotEmpty();

        Expect(signerInfo.ReadInteger() == 1);
        var sid = signerInfo.ReadEncodedValue().ToArray();
        CheckSha256(signerInfo.ReadSequence());
        signerInfo.ReadEncodedValue();
        var signatureAlgorithm = signerInfo.ReadSequence();
        Expect(signatureAlgorithm.ReadObjectIdentifier() == EcdsaWithSha256Oid);
        signatureAlgorithm.ThrowIfNotEmpty();
        signerInfo.ReadOctetString();
        signerInfo.ThrowIfNotEmpty();
        return sid;
    }

    /// <summary>The DER IssuerAndSerialNumber that identifies a certificate.</summary>
    internal static byte[] IssuerAndSerialNumber(X509Certificate2 cert)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(cert.IssuerName.RawData);
            writer.WriteInteger(cert.SerialNumberBytes.Span);
        }

        return writer.Encode();
    }

    private static void CheckSha256(AsnReader algorithm)
    {
        Expect(algorithm.ReadObjectIdentifier() == CmsSeal.Sha256Oid);
        if (algorithm.HasData)
        {
            algorithm.ReadNull();
        }

        algorithm.ThrowIfNotEmpty();
    }

    private static void Expect(bool condition)
    {
        if (!condition)
        {
            throw new AsnContentException("The signature is not a seal's CMS SignedData.");
        }
    }
}
