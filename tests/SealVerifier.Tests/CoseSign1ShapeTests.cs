using System.Security.Cryptography;
using System.Security.Cryptography.Cose;
using System.Security.Cryptography.X509Certificates;

namespace SealVerifier.Tests;

/// <summary>
/// The byte-level reader of the COSE_Sign1 shape the service issues gives exactly the parts the general decoder gives,
/// and leaves every other shape to the general decoder.
/// </summary>
public class CoseSign1ShapeTests
{
    [Theory]
    [InlineData(QrClaims.FormatCwt)]
    [InlineData(QrClaims.FormatLegacy)]
    public void Issued_tokens_are_read_to_the_same_parts_as_the_general_decoder(int format)
    {
        var pki = TestPki.Instance;
        var claims = Seals.Claims(pki.Now, pki.Now.AddDays(365));
        claims = format == QrClaims.FormatLegacy ? claims with { Format = QrClaims.FormatLegacy, Issuer = null } : claims;
        using var key = pki.Active.GetECDsaPrivateKey()!;
        var cose = QrToken.Sign(claims, key, KeyId.Raw(pki.Active));

        Assert.True(CoseSign1Shape.TryRead(cose, out var shape));
        var message = CoseMessage.DecodeSign1(cose);
        Assert.Equal(message.RawProtectedHeaders.ToArray(), cose[shape.ProtectedHeaders]);
        Assert.Equal(message.ProtectedHeaders[CoseHeaderLabel.KeyIdentifier].GetValueAsBytes(), cose[shape.KeyId]);
        Assert.Equal(-7, message.ProtectedHeaders[CoseHeaderLabel.Algorithm].GetValueAsInt32());
        Assert.Empty(message.UnprotectedHeaders);
        Assert.Equal(message.Content!.Value.ToArray(), cose[shape.Payload]);
        Assert.Equal(message.Signature.ToArray(), cose[shape.Signature]);
    }

    [Fact]
    public void Other_shapes_are_left_to_the_general_decoder()
    {
        var pki = TestPki.Instance;
        using var key = pki.Active.GetECDsaPrivateKey()!;
        var kid = KeyId.Raw(pki.Active);
        var payload = Seals.Claims(pki.Now, pki.Now.AddDays(365)).ToCbor();
        var issued = QrToken.Sign(Seals.Claims(pki.Now, pki.Now.AddDays(365)), key, kid);
        Assert.True(CoseSign1Shape.TryRead(issued, out _));

        // An unprotected header, another algorithm, a longer key id, an extra protected header, a detached payload.
        var unprotected = new CoseHeaderMap { { CoseHeaderLabel.ContentType, "application/cwt" } };
        Assert.False(CoseSign1Shape.TryRead(CoseSign1Message.SignEmbedded(payload, new CoseSigner(key, HashAlgorithmName.SHA256, Kid(kid), unprotected)), out _));
        Assert.False(CoseSign1Shape.TryRead(CoseSign1Message.SignEmbedded(payload, new CoseSigner(key, HashAlgorithmName.SHA384, Kid(kid))), out _));
        Assert.False(CoseSign1Shape.TryRead(CoseSign1Message.SignEmbedded(payload, new CoseSigner(key, HashAlgorithmName.SHA256, Kid([.. kid, 0]))), out _));
        var extra = Kid(kid);
        extra.Add(CoseHeaderLabel.ContentType, 61);
        Assert.False(CoseSign1Shape.TryRead(CoseSign1Message.SignEmbedded(payload, new CoseSigner(key, HashAlgorithmName.SHA256, extra)), out _));
        Assert.False(CoseSign1Shape.TryRead(CoseSign1Message.SignDetached(payload, new CoseSigner(key, HashAlgorithmName.SHA256, Kid(kid))), out _));

        // A trailing byte, a cut-off message, another tag, a length written longer than it needs to be.
        Assert.False(CoseSign1Shape.TryRead([.. issued, 0], out _));
        Assert.False(CoseSign1Shape.TryRead(issued.AsSpan(0, issued.Length - 1), out _));
        Assert.False(CoseSign1Shape.TryRead([0xD8, 0x62, .. issued.AsSpan(1)], out _));
        Assert.False(CoseSign1Shape.TryRead(LongSignatureLength(issued), out _));
        Assert.False(CoseSign1Shape.TryRead([], out _));
    }

    private static CoseHeaderMap Kid(byte[] kid) => new() { { CoseHeaderLabel.KeyIdentifier, CoseHeaderValue.FromBytes(kid) } };

    /// <summary>The same message with the signature's length written in two bytes (0x59 0x00 0x40) instead of one (0x58 0x40).</summary>
    private static byte[] LongSignatureLength(byte[] cose)
    {
        Assert.Equal([0x58, 0x40], cose.AsSpan(cose.Length - 66, 2).ToArray());
        return [.. cose.AsSpan(0, cose.Length - 66), 0x59, 0x00, 0x40, .. cose.AsSpan(cose.Length - 64)];
    }
}
