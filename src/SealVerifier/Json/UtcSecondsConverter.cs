using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SealVerifier.Json;

/// <summary>
/// Writes a <see cref="DateTimeOffset"/> as UTC ISO 8601 with whole seconds and a 'Z' (<c>2026-11-22T10:00:00Z</c>);
/// reads only that form, so a signed document has exactly one spelling of each instant.
/// </summary>
internal sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    internal const string Format = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'";

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A date must be a string.");
        }

        return ParseUtc(reader.GetString()!) ?? throw new JsonException("A date must look like 2026-11-22T10:00:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
        => writer.WriteStringValue(FormatUtc(value));

    internal static string FormatUtc(DateTimeOffset value)
        => TruncateToSeconds(value).ToString(Format, CultureInfo.InvariantCulture);

    internal static DateTimeOffset TruncateToSeconds(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    internal static DateTimeOffset? ParseUtc(string text)
        => DateTimeOffset.TryParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : null;
}

/// <summary>Nullable counterpart of <see cref="UtcSecondsConverter"/>.</summary>
internal sealed class NullableUtcSecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A date must be a string or null.");
        }

        return UtcSecondsConverter.ParseUtc(reader.GetString()!) ?? throw new JsonException("A date must look like 2026-11-22T10:00:00Z.");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v)
        {
            writer.WriteStringValue(UtcSecondsConverter.FormatUtc(v));
        }
        else
        {
            writer.WriteNullValue();
        }
    }
}

/// <summary>Serializer options shared by the signed documents (payload and trust list).</summary>
internal static class SealJson
{
    internal static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        MaxDepth = 16,
        Converters = { new UtcSecondsConverter(), new NullableUtcSecondsConverter() },
        // The payload's metadata generated at build time (read once per detached seal); everything else by reflection.
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(SealJsonContext.Default, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };
}

/// <summary>Build-time serializer metadata for <see cref="SealPayload"/>, with the same settings as <see cref="SealJson.Options"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    MaxDepth = 16,
    Converters = [typeof(UtcSecondsConverter), typeof(NullableUtcSecondsConverter)])]
[JsonSerializable(typeof(SealPayload))]
internal sealed partial class SealJsonContext : JsonSerializerContext;
