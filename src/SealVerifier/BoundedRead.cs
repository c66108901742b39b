namespace SealVerifier;

/// <summary>
/// Reads files and streams only up to a limit, whatever they are: a device such as <c>/dev/zero</c> reports a length of 0
/// and never ends, so a length check before reading is not enough.
/// </summary>
internal static class BoundedRead
{
    public static byte[] File(string path, int limit)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Stream(stream, limit, path);
    }

    public static byte[] Stream(Stream stream, int limit, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = stream.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new FormatException($"{name} is larger than {limit / 1024} KiB; it is not what was expected.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    public static async Task<byte[]> StreamAsync(Stream stream, int limit, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new FormatException($"{name} is larger than {limit / 1024} KiB; it is not what was expected.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
