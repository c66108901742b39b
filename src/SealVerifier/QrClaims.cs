using System.Formats.Cbor;
using System.Globalization;
using SealVerifier.Json;

namespace SealVerifier;

/// <summary>
/// The claims a QR code carries, signed as a COSE_Sign1 message (see <see cref="QrToken"/>), so a scanned code can be
/// checked offline with the trust list.
/// </summary>
/// <remarks>
/// CBOR form (<see cref="ToCbor"/>): a map with integer keys 1 serial (canonical, without hyphens), 2 program id,
/// 3 holder name, 4 product name, 5 validUntil and 6 issuedAt (both Unix seconds), in canonical (deterministic) encoding.
/// </remarks>
/// <param name="Serial">The certificate serial in canonical form, e.g. <c>SMIG-7K3Q-9XWD-C</c>.</param>
/// <param name="ProgramId">The program id, e.g. <c>smig</c>.</param>
/// <param name="HolderName">The holder's name, at most <see cref="MaxHolderLength"/> characters.</param>
/// <param name="ProductName">The product's name, at most <see cref="MaxProductLength"/> characters.</param>
/// <param name="ValidUntil">End of validity (whole seconds, UTC).</param>
/// <param name="IssuedAt">When the certificate was signed (whole seconds, UTC).</param>
public sealed record QrClaims(string Serial, string ProgramId, string HolderName, string ProductName, DateTimeOffset ValidUntil, DateTimeOffset IssuedAt)
{
    /// <summary>Holder and product names are cut to this many UTF-16 characters (never inside a character or a grapheme).</summary>
    public const int MaxHolderLength = 32;

    /// <summary>Product names in the QR claims are shortened to this many characters. Together with
    /// <see cref="MaxHolderLength"/> this keeps a typical verification URL within QR version 10 at error correction M.</summary>
    public const int MaxProductLength = 20;

    private const int KeySerial = 1;
    private const int KeyProgram = 2;
    private const int KeyHolder = 3;
    private const int KeyProduct = 4;
    private const int KeyValidUntil = 5;
    private const int KeyIssuedAt = 6;
    private const int MaxTextBytes = 1024;

    /// <summary>Creates claims for a QR code: names are shortened and dates truncated to whole seconds in UTC.</summary>
    /// <param name="serial">A valid serial (any accepted spelling).</param>
    /// <param name="programId">The program id.</param>
    /// <param name="holderName">The holder's name.</param>
    /// <param name="productName">The product's name.</param>
    /// <param name="validUntil">End of validity.</param>
    /// <param name="issuedAt">Signing time.</param>
    /// <returns>The claims.</returns>
    /// <exception cref="ArgumentException">The serial is not valid or a text is empty.</exception>
    public static QrClaims Create(string serial, string programId, string holderName, string productName, DateTimeOffset validUntil, DateTimeOffset issuedAt)
    {
        if (!SealVerifier.Serial.TryParse(serial, out var parsed))
        {
            throw new ArgumentException("Not a valid serial.", nameof(serial));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(programId);
        ArgumentException.ThrowIfNullOrWhiteSpace(holderName);
        ArgumentException.ThrowIfNullOrWhiteSpace(productName);
        return new QrClaims(
            parsed.Value,
            programId,
            Shorten(holderName.Trim(), MaxHolderLength),
            Shorten(productName.Trim(), MaxProductLength),
            UtcSecondsConverter.TruncateToSeconds(validUntil),
            UtcSecondsConverter.TruncateToSeconds(issuedAt));
    }

    /// <summary>Encodes the claims as a canonical CBOR map.</summary>
    /// <returns>CBOR bytes.</returns>
    public byte[] ToCbor()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(6);
        writer.WriteInt32(KeySerial);
        writer.WriteTextString(SealVerifier.Serial.TryParse(Serial, out var parsed) ? parsed.Compact : Serial);
        writer.WriteInt32(KeyProgram);
        writer.WriteTextString(ProgramId);
        writer.WriteInt32(KeyHolder);
        writer.WriteTextString(HolderName);
        writer.WriteInt32(KeyProduct);
        writer.WriteTextString(ProductName);
        writer.WriteInt32(KeyValidUntil);
        writer.WriteInt64(ValidUntil.ToUnixTimeSeconds());
        writer.WriteInt32(KeyIssuedAt);
        writer.WriteInt64(IssuedAt.ToUnixTimeSeconds());
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <summary>Decodes claims written by <see cref="ToCbor"/>. Only the canonical encoding with exactly the six keys is accepted.</summary>
    /// <param name="cbor">CBOR bytes.</param>
    /// <returns>The claims.</returns>
    /// <exception cref="FormatException">The bytes are not a claims map.</exception>
    public static QrClaims FromCbor(ReadOnlySpan<byte> cbor)
    {
        try
        {
            var reader = new CborReader(cbor.ToArray(), CborConformanceMode.Canonical);
            var count = reader.ReadStartMap();
            if (count != 6)
            {
                throw new FormatException("The claims map must have exactly 6 entries.");
            }

            var serial = string.Empty;
            var program = string.Empty;
            var holder = string.Empty;
            var product = string.Empty;
            var validUntil = 0L;
            var issuedAt = 0L;
            for (var expected = KeySerial; expected <= KeyIssuedAt; expected++)
            {
                if (reader.ReadInt32() != expected)
                {
                    throw new FormatException("Unexpected key in the claims map.");
                }

                switch (expected)
                {
                    case KeySerial:
                        serial = ReadText(reader);
                        break;
                    case KeyProgram:
                        program = ReadText(reader);
                        break;
                    case KeyHolder:
                        holder = ReadText(reader);
                        break;
                    case KeyProduct:
                        product = ReadText(reader);
                        break;
                    case KeyValidUntil:
                        validUntil = reader.ReadInt64();
                        break;
                    default:
                        issuedAt = reader.ReadInt64();
                        break;
                }
            }

            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                throw new FormatException("Trailing bytes after the claims map.");
            }

            if (!SealVerifier.Serial.TryParse(serial, out var parsed))
            {
                throw new FormatException("The serial in the claims is not valid.");
            }

            return new QrClaims(parsed.Value, program, holder, product, DateTimeOffset.FromUnixTimeSeconds(validUntil), DateTimeOffset.FromUnixTimeSeconds(issuedAt));
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new FormatException("The claims are not valid CBOR: " + ex.Message, ex);
        }
    }

    private static string ReadText(CborReader reader)
    {
        var text = reader.ReadTextString();
        if (text.Length == 0 || text.Length > MaxTextBytes)
        {
            throw new FormatException("A claims text is empty or too long.");
        }

        return text;
    }

    private static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var length = 0;
        var enumerator = StringInfo.GetTextElementEnumerator(text);
        while (enumerator.MoveNext())
        {
            var next = enumerator.ElementIndex + ((string)enumerator.Current).Length;
            if (next > max)
            {
                break;
            }

            length = next;
        }

        return text[..length].TrimEnd();
    }
}
