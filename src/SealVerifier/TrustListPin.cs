using System.Text.Json;

namespace SealVerifier;

/// <summary>
/// What a verifier remembers about a certification body: the root fingerprint it pinned and the highest trust list sequence
/// it has accepted. Stored as <c>{"root":"sha256:…","sequence":N}</c> (the <c>--pin-file</c> of the command line).
/// </summary>
/// <param name="Root">The pinned root fingerprint.</param>
/// <param name="Sequence">The newest trust list sequence seen, or <see langword="null"/> before the first JWS list.</param>
public sealed record TrustListPin(string Root, long? Sequence)
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads a pin file; <see langword="null"/> when it does not exist.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The pin.</returns>
    /// <exception cref="FormatException">The file is not a pin file.</exception>
    public static TrustListPin? Read(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var pin = JsonSerializer.Deserialize<TrustListPin>(BoundedRead.File(path, 64 * 1024), Options);
            return pin is { Root.Length: > 0 } ? pin : throw new FormatException($"{path} has no root fingerprint.");
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path} is not a pin file: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the pin file (replacing it atomically).</summary>
    /// <param name="path">The file.</param>
    public void Write(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, Options));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>Loads a downloaded trust list in either format: the JWS (current) or the legacy signed JSON.</summary>
public static class TrustListDocument
{
    /// <summary>
    /// Loads a trust list. A JWS is checked for expiry and against <paramref name="newestSeenSequence"/>. The legacy JSON
    /// format has neither, so it is refused once a JWS list has been seen (<paramref name="newestSeenSequence"/> set): a
    /// verifier that moved on cannot be downgraded to a replayable list.
    /// </summary>
    /// <param name="document">The bytes.</param>
    /// <param name="pin">The pinned root fingerprint, or <see langword="null"/>.</param>
    /// <param name="now">The current time.</param>
    /// <param name="newestSeenSequence">The highest sequence accepted before, or <see langword="null"/>.</param>
    /// <returns>The list or the reason it was refused.</returns>
    public static TrustListLoadResult Load(ReadOnlySpan<byte> document, string? pin, DateTimeOffset now, long? newestSeenSequence)
    {
        if (TrustListJws.IsJws(document))
        {
            return TrustListJws.Load(document, pin, now, newestSeenSequence);
        }

        if (newestSeenSequence is not null)
        {
            return TrustListLoadResult.Fail("This is a legacy trust list without expiry or sequence, but a signed JWS list was seen before: use /.well-known/seal-trust-list.jwt.");
        }

        return SignedTrustList.Load(document, pin);
    }
}
