using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SealVerifier;

/// <summary>
/// JSON Canonicalization Scheme (RFC 8785, "JCS"): the byte-exact form that seal payloads and trust lists are signed in.
/// </summary>
/// <remarks>
/// Object members are sorted by their names' UTF-16 code units, there is no insignificant whitespace, strings escape only
/// <c>"</c>, <c>\</c> and control characters, and numbers are written the way ECMAScript's <c>Number.prototype.toString</c>
/// writes an IEEE 754 double. Duplicate member names, NaN and infinities are rejected (RFC 8785 requires I-JSON input).
/// </remarks>
public static class CanonicalJson
{
    private const int MaxDepth = 64;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Returns the canonical UTF-8 form of a JSON text.</summary>
    /// <param name="utf8Json">Any valid JSON text, UTF-8 encoded.</param>
    /// <returns>The RFC 8785 canonical form, UTF-8 encoded, without a byte order mark.</returns>
    /// <exception cref="FormatException">The input is not valid I-JSON (syntax error, duplicate member name, number out of range).</exception>
    public static byte[] Canonicalize(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = MaxDepth });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new FormatException("Trailing content after the JSON value.");
            }
        }
        catch (JsonException ex)
        {
            throw new FormatException("The input is not valid JSON: " + ex.Message, ex);
        }

        using (document)
        {
            var builder = new StringBuilder(utf8Json.Length);
            try
            {
                Write(document.RootElement, builder);
            }
            catch (InvalidOperationException ex)
            {
                throw new FormatException("The input contains a string that is not valid UTF-16: " + ex.Message, ex);
            }

            try
            {
                return StrictUtf8.GetBytes(builder.ToString());
            }
            catch (EncoderFallbackException ex)
            {
                throw new FormatException("The input contains a lone UTF-16 surrogate, which I-JSON forbids.", ex);
            }
        }
    }

    /// <summary>
    /// Whether a JSON text is in canonical form: <see cref="Canonicalize"/> would return it unchanged. Throws where
    /// <see cref="Canonicalize"/> throws.
    /// </summary>
    /// <remarks>
    /// A signed seal is canonical by construction, so the common case is proven in one pass over the text without building
    /// anything: no bytes between tokens but single separators, members in order, strings without escapes, integers of up to
    /// 15 digits. Anything else (escapes, fractions, non-ASCII member names, a text that is not canonical at all) is decided
    /// by canonicalizing and comparing.
    /// </remarks>
    public static bool IsCanonical(ReadOnlySpan<byte> utf8Json) =>
        IsPlainlyCanonical(utf8Json) || Canonicalize(utf8Json).AsSpan().SequenceEqual(utf8Json);

    /// <summary>True only when <paramref name="json"/> is certainly canonical; false means "not shown here".</summary>
    internal static bool IsPlainlyCanonical(ReadOnlySpan<byte> json)
    {
        // The previous member name per object depth, as a slice of the input (names without escapes are their own bytes).
        Span<(int Start, int Length)> previous = stackalloc (int, int)[MaxDepth + 2];
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        long end = 0;
        try
        {
            while (reader.Read())
            {
                var gap = reader.TokenStartIndex - end;
                if (gap != 0 && (gap != 1 || json[(int)end] is not ((byte)',' or (byte)':')))
                {
                    return false;
                }

                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject:
                        previous[reader.CurrentDepth + 1] = (-1, 0);
                        break;
                    case JsonTokenType.PropertyName:
                        var name = reader.ValueSpan;
                        if (reader.ValueIsEscaped || !System.Text.Unicode.Utf8.IsValid(name) || name.ContainsAnyExceptInRange((byte)0, (byte)0x7F))
                        {
                            return false;
                        }

                        // ASCII names: byte order is UTF-16 code unit order. Strictly increasing also rules out duplicates.
                        ref var before = ref previous[reader.CurrentDepth];
                        if (before.Start >= 0 && json.Slice(before.Start, before.Length).SequenceCompareTo(name) >= 0)
                        {
                            return false;
                        }

                        before = ((int)reader.TokenStartIndex + 1, name.Length);
                        break;
                    case JsonTokenType.String:
                        if (reader.ValueIsEscaped || !System.Text.Unicode.Utf8.IsValid(reader.ValueSpan))
                        {
                            return false;
                        }

                        break;
                    case JsonTokenType.Number:
                        var number = reader.ValueSpan;
                        var digits = number.Length - (number[0] == (byte)'-' ? 1 : 0);
                        if (digits > 15 || number.ContainsAny((byte)'.', (byte)'e', (byte)'E') || number.SequenceEqual("-0"u8))
                        {
                            return false;
                        }

                        break;
                }

                end = reader.BytesConsumed;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return end == json.Length && end > 0;
    }

    /// <summary>Serializes a value with System.Text.Json and returns the canonical form of the result.</summary>
    /// <typeparam name="T">The type of the value.</typeparam>
    /// <param name="value">The value to serialize.</param>
    /// <param name="options">Serializer options; <see langword="null"/> uses the defaults. Named floating point literals are refused.</param>
    /// <returns>The RFC 8785 canonical form, UTF-8 encoded.</returns>
    /// <exception cref="ArgumentException">The options allow NaN or infinities to be written as named literals.</exception>
    /// <exception cref="FormatException">The serialized form is not valid I-JSON.</exception>
    public static byte[] Serialize<T>(T value, JsonSerializerOptions? options = null)
    {
        if (options is not null && options.NumberHandling.HasFlag(System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals))
        {
            throw new ArgumentException("Canonical JSON cannot represent NaN or infinities.", nameof(options));
        }

        byte[] json;
        try
        {
            json = JsonSerializer.SerializeToUtf8Bytes(value, options);
        }
        catch (ArgumentException ex)
        {
            // System.Text.Json refuses NaN and infinities by default with an ArgumentException.
            throw new FormatException("The value cannot be represented as canonical JSON: " + ex.Message, ex);
        }

        return Canonicalize(json);
    }

    private static void Write(JsonElement element, StringBuilder output)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                WriteObject(element, output);
                break;
            case JsonValueKind.Array:
                output.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first)
                    {
                        output.Append(',');
                    }

                    first = false;
                    Write(item, output);
                }

                output.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(element.GetString()!, output);
                break;
            case JsonValueKind.Number:
                output.Append(FormatNumber(ParseNumber(element)));
                break;
            case JsonValueKind.True:
                output.Append("true");
                break;
            case JsonValueKind.False:
                output.Append("false");
                break;
            case JsonValueKind.Null:
                output.Append("null");
                break;
            default:
                throw new FormatException("Unexpected JSON value kind " + element.ValueKind + ".");
        }
    }

    private static void WriteObject(JsonElement element, StringBuilder output)
    {
        var members = new List<JsonProperty>();
        foreach (var property in element.EnumerateObject())
        {
            members.Add(property);
        }

        members.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        output.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            if (i > 0)
            {
                if (string.Equals(members[i - 1].Name, members[i].Name, StringComparison.Ordinal))
                {
                    throw new FormatException("Duplicate member name \"" + members[i].Name + "\".");
                }

                output.Append(',');
            }

            WriteString(members[i].Name, output);
            output.Append(':');
            Write(members[i].Value, output);
        }

        output.Append('}');
    }

    private static double ParseNumber(JsonElement element)
    {
        var text = element.GetRawText();
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new FormatException("The number " + text + " cannot be represented as an IEEE 754 double.");
        }

        return value;
    }

    internal static void WriteString(string value, StringBuilder output)
    {
        output.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"':
                    output.Append("\\\"");
                    break;
                case '\\':
                    output.Append("\\\\");
                    break;
                case '\b':
                    output.Append("\\b");
                    break;
                case '\f':
                    output.Append("\\f");
                    break;
                case '\n':
                    output.Append("\\n");
                    break;
                case '\r':
                    output.Append("\\r");
                    break;
                case '\t':
                    output.Append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        output.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        output.Append(c);
                    }

                    break;
            }
        }

        output.Append('"');
    }

    /// <summary>Formats a finite double the way ECMAScript's Number.prototype.toString does (ECMA-262, Number::toString).</summary>
    internal static string FormatNumber(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new FormatException("NaN and infinities have no JSON representation.");
        }

        if (value == 0)
        {
            return "0";
        }

        if (value < 0)
        {
            return "-" + FormatNumber(-value);
        }

        // "R" gives the shortest digit string that round-trips, which is what ECMAScript requires; only the layout differs.
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentIndex = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentIndex < 0 ? roundTrip : roundTrip[..exponentIndex];
        var exponent = exponentIndex < 0 ? 0 : int.Parse(roundTrip[(exponentIndex + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var fractionPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var digits = integerPart + fractionPart;
        var pointPosition = integerPart.Length + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits[leadingZeros..].TrimEnd('0');
        pointPosition -= leadingZeros;

        var k = digits.Length;
        var n = pointPosition;
        if (k <= n && n <= 21)
        {
            return digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return "0." + new string('0', -n) + digits;
        }

        var e = n - 1;
        var exponentText = (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? digits + "e" + exponentText : digits[..1] + "." + digits[1..] + "e" + exponentText;
    }
}
