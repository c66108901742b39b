using System.Formats.Cbor;
using System.Globalization;
using SealVerifier.Json;

namespace SealVerifier;

/// <summary>
/// The claims a QR code carries, signed as a COSE_Sign1 message (see <see cref="QrToken"/>), so a scanned code can be
/// checked offline with the trust list. Two formats exist; new seals use <see cref="FormatCwt"/>, and seals issued in the
/// legacy format keep verifying for their whole life.
/// </summary>
/// <remarks>
/// <para><see cref="FormatCwt"/> (version 2): a CBOR Web Token claims set (RFC 8392) in a tagged COSE_Sign1 (tag 18):
/// 1 iss (the issuer's public host name, optional), 2 sub (the serial, canonical without hyphens), 4 exp (valid until) and
/// 6 iat (issued at), both NumericDate (Unix seconds), and the private-use claim -65537 (RFC 8392 section 9.1: keys below
/// -65536 are for private use), an array [program id, holder name, product name]. Any CWT library reads exp/iat/sub.</para>
/// <para><see cref="FormatLegacy"/> (version 1, seals issued before CWT): an untagged COSE_Sign1 over a map with integer keys
/// 1 serial, 2 program id, 3 holder name, 4 product name, 5 validUntil and 6 issuedAt. Its keys collide with CWT's, so a
/// CWT reader must not be pointed at it; the missing tag tells the two apart.</para>
/// Both are written in canonical (deterministic) CBOR.
/// </remarks>
/// <param name="Serial">The certificate serial in canonical form, e.g. <c>SMIG-7K3Q-9XWD-C</c>.</param>
/// <param name="ProgramId">The program id, e.g. <c>smig</c>.</param>
/// <param name="HolderName">The holder's name, at most <see cref="MaxHolderLength"/> characters.</param>
/// <param name="ProductName">The product's name, at most <see cref="MaxProductLength"/> characters.</param>
/// <param name="ValidUntil">End of validity (whole seconds, UTC).</param>
/// <param name="IssuedAt">When the certificate was signed (whole seconds, UTC).</param>
public sealed record QrClaims(string Serial, string ProgramId, string HolderName, string ProductName, DateTimeOffset ValidUntil, DateTimeOffset IssuedAt)
{
    /// <summary>Version 1: the original claims map in an untagged COSE_Sign1 (verified, no longer issued).</summary>
    public const int FormatLegacy = 1;

    /// <summary>Version 2: a CWT claims set (RFC 8392) in a tagged COSE_Sign1.</summary>
    public const int FormatCwt = 2;

    /// <summary>The private-use CWT claim holding [program id, holder name, product name].</summary>
    public const int SealClaimKey = -65537;

    /// <summary>Holder names are cut to this many UTF-16 characters (never inside a character or a grapheme).</summary>
    public const int MaxHolderLength = 32;

    /// <summary>Product names in the QR claims are shortened to this many characters. Together with
    /// <see cref="MaxHolderLength"/> this keeps a typical verification URL within QR version 10 at error correction M.</summary>
    public const int MaxProductLength = 20;

    /// <summary>Longest issuer (iss) accepted when creating claims: a host name, kept short for the QR code.</summary>
    public const int MaxIssuerLength = 64;

    private const int KeySerial = 1;
    private const int KeyProgram = 2;
    private const int KeyHolder = 3;
    private const int KeyProduct = 4;
    private const int KeyValidUntil = 5;
    private const int KeyIssuedAt = 6;
    private const int CwtIss = 1;
    private const int CwtSub = 2;
    private const int CwtExp = 4;
    private const int CwtIat = 6;
    private const int MaxTextBytes = 1024;

    /// <summary>The format these claims are written in (<see cref="FormatCwt"/> or <see cref="FormatLegacy"/>).</summary>
    public int Format { get; init; } = FormatCwt;

    /// <summary>The CWT issuer (iss): the service's public host name; <see langword="null"/> in the legacy format.</summary>
    public string? Issuer { get; init; }

    /// <summary>Creates claims for a QR code in the current format: names are shortened and dates truncated to whole seconds in UTC.</summary>
    /// <param name="serial">A valid serial (any accepted spelling).</param>
    /// <param name="programId">The program id.</param>
    /// <param name="holderName">The holder's name.</param>
    /// <param name="productName">The product's name.</param>
    /// <param name="validUntil">End of validity.</param>
    /// <param name="issuedAt">Signing time.</param>
    /// <param name="issuer">The CWT iss: the public host name of the issuing service (optional).</param>
    /// <returns>The claims.</returns>
    /// <exception cref="ArgumentException">The serial is not valid or a text is empty.</exception>
    public static QrClaims Create(string serial, string programId, string holderName, string productName, DateTimeOffset validUntil, DateTimeOffset issuedAt, string? issuer = null)
    {
        if (!SealVerifier.Serial.TryParse(serial, out var parsed))
        {
            throw new ArgumentException("Not a valid serial.", nameof(serial));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(programId);
        ArgumentException.ThrowIfNullOrWhiteSpace(holderName);
        ArgumentException.ThrowIfNullOrWhiteSpace(productName);
        if (issuer is not null && (issuer.Length == 0 || issuer.Length > MaxIssuerLength))
        {
            throw new ArgumentException("The issuer must be 1 to 64 characters.", nameof(issuer));
        }

        return new QrClaims(
            parsed.Value,
            programId,
            Shorten(holderName.Trim(), MaxHolderLength),
            Shorten(productName.Trim(), MaxProductLength),
            UtcSecondsConverter.TruncateToSeconds(validUntil),
            UtcSecondsConverter.TruncateToSeconds(issuedAt))
        {
            Issuer = issuer,
        };
    }

    /// <summary>Encodes the claims as a canonical CBOR map in their <see cref="Format"/>.</summary>
    /// <returns>CBOR bytes.</returns>
    public byte[] ToCbor() => Format == FormatLegacy ? ToLegacyCbor() : ToCwtCbor();

    private byte[] ToCwtCbor()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(Issuer is null ? 4 : 5);
        if (Issuer is not null)
        {
            writer.WriteInt32(CwtIss);
            writer.WriteTextString(Issuer);
        }

        writer.WriteInt32(CwtSub);
        writer.WriteTextString(CompactSerial);
        writer.WriteInt32(CwtExp);
        writer.WriteInt64(ValidUntil.ToUnixTimeSeconds());
        writer.WriteInt32(CwtIat);
        writer.WriteInt64(IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(SealClaimKey);
        writer.WriteStartArray(3);
        writer.WriteTextString(ProgramId);
        writer.WriteTextString(HolderName);
        writer.WriteTextString(ProductName);
        writer.WriteEndArray();
        writer.WriteEndMap();
        return writer.Encode();
    }

    private byte[] ToLegacyCbor()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(6);
        writer.WriteInt32(KeySerial);
        writer.WriteTextString(CompactSerial);
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

    private string CompactSerial => SealVerifier.Serial.TryParse(Serial, out var parsed) ? parsed.Compact : Serial;

    /// <summary>Decodes claims in the given format. Only the canonical encoding with exactly the expected keys is accepted.</summary>
    /// <param name="cbor">CBOR bytes.</param>
    /// <param name="format"><see cref="FormatCwt"/> (tagged COSE) or <see cref="FormatLegacy"/> (untagged COSE).</param>
    /// <returns>The claims.</returns>
    /// <exception cref="FormatException">The bytes are not a claims map of that format.</exception>
    public static QrClaims FromCbor(ReadOnlySpan<byte> cbor, int format) => format switch
    {
        FormatLegacy => FromCbor(cbor),
        FormatCwt => FromCwt(cbor),
        _ => throw new FormatException($"Unknown QR claims format {format}."),
    };

    /// <summary>Decodes a CWT claims set written by <see cref="ToCbor"/> in <see cref="FormatCwt"/>.</summary>
    /// <param name="cbor">CBOR bytes.</param>
    /// <returns>The claims.</returns>
    /// <exception cref="FormatException">The bytes are not a seal CWT claims set.</exception>
    public static QrClaims FromCwt(ReadOnlySpan<byte> cbor) => Decode(cbor, "a valid CWT", "claims set", reader =>
    {
        var count = reader.ReadStartMap();
        if (count is not (4 or 5))
        {
            throw new FormatException("The CWT claims set must have 4 or 5 entries.");
        }

        string? issuer = null;
        if (count == 5)
        {
            Expect(reader, CwtIss);
            issuer = ReadText(reader);
        }

        Expect(reader, CwtSub);
        var serial = ReadText(reader);
        Expect(reader, CwtExp);
        var validUntil = reader.ReadInt64();
        Expect(reader, CwtIat);
        var issuedAt = reader.ReadInt64();
        Expect(reader, SealClaimKey);
        if (reader.ReadStartArray() != 3)
        {
            throw new FormatException("The seal claim must hold program, holder and product.");
        }

        var program = ReadText(reader);
        var holder = ReadText(reader);
        var product = ReadText(reader);
        reader.ReadEndArray();
        return new QrClaims(ParseSerial(serial), program, holder, product, DateTimeOffset.FromUnixTimeSeconds(validUntil), DateTimeOffset.FromUnixTimeSeconds(issuedAt))
        {
            Issuer = issuer,
        };
    });

    /// <summary>Decodes legacy (<see cref="FormatLegacy"/>) claims. Only the canonical encoding with exactly the six keys is accepted.</summary>
    /// <param name="cbor">CBOR bytes.</param>
    /// <returns>The claims.</returns>
    /// <exception cref="FormatException">The bytes are not a claims map.</exception>
    public static QrClaims FromCbor(ReadOnlySpan<byte> cbor) => Decode(cbor, "valid CBOR", "claims map", reader =>
    {
        if (reader.ReadStartMap() != 6)
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

        return new QrClaims(ParseSerial(serial), program, holder, product, DateTimeOffset.FromUnixTimeSeconds(validUntil), DateTimeOffset.FromUnixTimeSeconds(issuedAt))
        {
            Format = FormatLegacy,
        };
    });

    /// <summary>
    /// Reads one claims map in canonical CBOR with <paramref name="readEntries"/> (from the start of the map to its last
    /// value), then requires the map to end with nothing after it; any CBOR fault becomes a <see cref="FormatException"/>.
    /// </summary>
    private static QrClaims Decode(ReadOnlySpan<byte> cbor, string valid, string container, Func<CborReader, QrClaims> readEntries)
    {
        try
        {
            var reader = new CborReader(cbor.ToArray(), CborConformanceMode.Canonical);
            var claims = readEntries(reader);
            reader.ReadEndMap();
            if (reader.BytesRemaining != 0)
            {
                throw new FormatException($"Trailing bytes after the {container}.");
            }

            return claims;
        }
        catch (Exception ex) when (ex is CborContentException or InvalidOperationException or OverflowException or ArgumentOutOfRangeException)
        {
            throw new FormatException($"The claims are not {valid}: " + ex.Message, ex);
        }
    }

    private static void Expect(CborReader reader, int key)
    {
        if (reader.ReadInt32() != key)
        {
            throw new FormatException("Unexpected key in the claims set.");
        }
    }

    private static string ParseSerial(string serial) =>
        SealVerifier.Serial.TryParse(serial, out var parsed) ? parsed.Value : throw new FormatException("The serial in the claims is not valid.");

    private static string ReadText(CborReader reader)
    {
        var text = reader.ReadTextString();
        if (text.Length == 0 || text.Length > MaxTextBytes)
        {
            throw new FormatException("A claims text is empty or too long.");
        }

        return text;
    }

    internal static string Shorten(string text, int max)
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
