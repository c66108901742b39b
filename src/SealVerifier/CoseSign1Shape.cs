namespace SealVerifier;

/// <summary>
/// The parts of a COSE_Sign1 message in the exact shape <see cref="QrToken.Sign"/> writes, read byte by byte instead of
/// through a general CBOR decoder (a QR check costs a few microseconds less, which a batch of millions notices):
/// optional tag 18, an array of four: protected = byte string holding the map {1: -7 (ES256), 4: an 8-byte key id}
/// (either order), unprotected = empty map, payload = byte string, signature = 64-byte string, nothing after. Every
/// length in its shortest form. Anything else is not rejected here; the caller reads it with the general decoder, which
/// gives the same parts for every message this one accepts.
/// </summary>
internal readonly record struct CoseSign1Shape(Range ProtectedHeaders, Range KeyId, Range Payload, Range Signature)
{
    private const byte Tag18 = 0xD2;
    private const byte ArrayOfFour = 0x84;
    private const byte EmptyMap = 0xA0;
    private const byte MapOfTwo = 0xA2;
    private const byte LabelAlgorithm = 0x01;
    private const byte LabelKeyId = 0x04;
    private const byte Es256 = 0x26; // negative integer -7: major type 1, argument 6
    private const int SignatureLength = 64;

    public static bool TryRead(ReadOnlySpan<byte> cose, out CoseSign1Shape shape)
    {
        shape = default;
        var position = 0;
        if (cose.Length > 0 && cose[0] == Tag18)
        {
            position++;
        }

        if (position >= cose.Length || cose[position++] != ArrayOfFour
            || !TryReadBytes(cose, ref position, out var protectedHeaders)
            || position >= cose.Length || cose[position++] != EmptyMap
            || !TryReadBytes(cose, ref position, out var payload)
            || !TryReadBytes(cose, ref position, out var signature)
            || position != cose.Length
            || signature.End.Value - signature.Start.Value != SignatureLength
            || !TryReadHeaders(cose[protectedHeaders], protectedHeaders.Start.Value, out var keyId))
        {
            return false;
        }

        shape = new CoseSign1Shape(protectedHeaders, keyId, payload, signature);
        return true;
    }

    /// <summary>The protected map: exactly the algorithm ES256 and an 8-byte key id, in either order.</summary>
    private static bool TryReadHeaders(ReadOnlySpan<byte> map, int offset, out Range keyId)
    {
        keyId = default;
        if (map.Length != 1 + 2 + 2 + SealVerifier.KeyId.RawLength || map[0] != MapOfTwo)
        {
            return false;
        }

        var algorithmFirst = map[1] == LabelAlgorithm && map[2] == Es256 && map[3] == LabelKeyId;
        var keyIdFirst = map[1] == LabelKeyId && map[map.Length - 2] == LabelAlgorithm && map[map.Length - 1] == Es256;
        var kidHead = algorithmFirst ? 4 : 2;
        if (!(algorithmFirst || keyIdFirst) || map[kidHead] != 0x40 + SealVerifier.KeyId.RawLength)
        {
            return false;
        }

        keyId = new Range(offset + kidHead + 1, offset + kidHead + 1 + SealVerifier.KeyId.RawLength);
        return true;
    }

    /// <summary>A byte string (major type 2) with a definite length in its shortest encoding.</summary>
    private static bool TryReadBytes(ReadOnlySpan<byte> cose, ref int position, out Range value)
    {
        value = default;
        if (position >= cose.Length)
        {
            return false;
        }

        var head = cose[position++];
        int length;
        switch (head)
        {
            case >= 0x40 and <= 0x57:
                length = head - 0x40;
                break;
            case 0x58 when position + 1 <= cose.Length && cose[position] >= 24:
                length = cose[position];
                position += 1;
                break;
            case 0x59 when position + 2 <= cose.Length && (length = (cose[position] << 8) | cose[position + 1]) >= 0x100:
                position += 2;
                break;
            default:
                return false;
        }

        if (length > cose.Length - position)
        {
            return false;
        }

        value = new Range(position, position + length);
        position += length;
        return true;
    }
}
