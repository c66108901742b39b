using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace SealVerifier;

/// <summary>
/// Strict DER reading of a seal's detached CMS SignedData (RFC 5652). <see cref="System.Security.Cryptography.Pkcs.SignedCms"/>
/// accepts BER and ignores several unsigned fields (version numbers, the outer digest algorithm set, the signature
/// algorithm identifier); requiring exactly the shape <see cref="CmsSeal.SignDetached"/> produces means that changing
/// any byte of a signature makes it fail, not just the signed ones. The parts it returns are what a verifier checks:
/// the embedded certificate against the trust list, the signer identifier, the signed attributes (content type and
/// message digest) and the ECDSA signature over them.
/// </summary>
internal static class CmsStructure
{
    private const string SignedDataOid = "1.2.840.113549.1.7.2";
    private const string DataOid = "1.2.840.113549.1.7.1";
    private const string EcdsaWithSha256Oid = "1.2.840.10045.4.3.2";
    private const string ContentTypeOid = "1.2.840.113549.1.9.3";
    private const string MessageDigestOid = "1.2.840.113549.1.9.4";
    private const string SigningTimeOid = "1.2.840.113549.1.9.5";
    private static readonly Asn1Tag ContextZero = new(TagClass.ContextSpecific, 0, isConstructed: true);

    /// <summary>Reads the SignedData and returns its single signer's parts.</summary>
    /// <exception cref="AsnContentException">The encoding is not DER or not the expected shape.</exception>
    internal static CmsSignerParts Parse(ReadOnlyMemory<byte> der)
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
        var certificates = signedData.ReadSetOf(ContextZero);
        var certificate = certificates.ReadEncodedValue();
        certificates.ThrowIfNotEmpty();
        var signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        var signerInfo = signerInfos.ReadSequence();
        signerInfos.ThrowIfNotEmpty();

        Expect(signerInfo.ReadInteger() == 1);
        var sid = signerInfo.ReadEncodedValue();
        CheckSha256(signerInfo.ReadSequence());
        Expect(signerInfo.PeekTag() == ContextZero);
        var signedAttributes = signerInfo.ReadEncodedValue();
        var messageDigest = ReadSignedAttributes(signedAttributes);
        var signatureAlgorithm = signerInfo.ReadSequence();
        Expect(signatureAlgorithm.ReadObjectIdentifier() == EcdsaWithSha256Oid);
        signatureAlgorithm.ThrowIfNotEmpty();
        var signature = signerInfo.ReadOctetString();
        signerInfo.ThrowIfNotEmpty();
        return new CmsSignerParts(sid, certificate, signedAttributes, messageDigest, signature);
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

    /// <summary>
    /// The signed attributes as the signature covers them: the same bytes with the universal SET tag in place of the
    /// implicit [0] (RFC 5652, section 5.4).
    /// </summary>
    internal static byte[] SignedAttributesAsSigned(ReadOnlyMemory<byte> signedAttributes)
    {
        var bytes = signedAttributes.ToArray();
        bytes[0] = 0x31;
        return bytes;
    }

    /// <summary>
    /// Reads the signed attributes: a content type of id-data and a message digest (both required, exactly once, with one
    /// value each, as RFC 5652 demands), and at most a signing time; nothing else, as a seal has nothing else. Returns the
    /// message digest.
    /// </summary>
    private static ReadOnlyMemory<byte> ReadSignedAttributes(ReadOnlyMemory<byte> encoded)
    {
        var attributes = new AsnReader(encoded, AsnEncodingRules.DER).ReadSetOf(ContextZero);
        bool contentType = false, signingTime = false;
        ReadOnlyMemory<byte>? digest = null;
        while (attributes.HasData)
        {
            var attribute = attributes.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            attribute.ThrowIfNotEmpty();
            switch (type)
            {
                case ContentTypeOid when !contentType:
                    Expect(values.ReadObjectIdentifier() == DataOid);
                    contentType = true;
                    break;
                case MessageDigestOid when digest is null:
                    digest = values.ReadOctetString();
                    break;
                case SigningTimeOid when !signingTime:
                    if (values.PeekTag() == Asn1Tag.UtcTime)
                    {
                        values.ReadUtcTime();
                    }
                    else
                    {
                        values.ReadGeneralizedTime();
                    }

                    signingTime = true;
                    break;
                default:
                    throw new AsnContentException("The signature carries an unexpected or repeated signed attribute.");
            }

            values.ThrowIfNotEmpty();
        }

        Expect(contentType && digest is not null);
        return digest!.Value;
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

/// <summary>The parts of a seal's CMS SignedData that verification checks, as slices of the DER it was read from.</summary>
/// <param name="SignerId">The encoded IssuerAndSerialNumber.</param>
/// <param name="Certificate">The embedded certificate, DER.</param>
/// <param name="SignedAttributes">The signed attributes as encoded (implicit [0] tag).</param>
/// <param name="MessageDigest">The message digest attribute's value.</param>
/// <param name="Signature">The ECDSA signature (DER Ecdsa-Sig-Value) over the signed attributes.</param>
internal sealed record CmsSignerParts(
    ReadOnlyMemory<byte> SignerId,
    ReadOnlyMemory<byte> Certificate,
    ReadOnlyMemory<byte> SignedAttributes,
    ReadOnlyMemory<byte> MessageDigest,
    byte[] Signature);
