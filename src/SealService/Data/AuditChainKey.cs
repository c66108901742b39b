using System.Security.Cryptography;

namespace SealService.Data;

/// <summary>
/// The secret that keys the audit chain. It is a file next to the signing keys (<c>audit-hmac.key</c> in the key store
/// folder, or <c>Audit:KeyFile</c>): base64 text of at least 32 random bytes, never stored in the database, so that write
/// access to the database alone cannot rewrite the log unnoticed.
/// </summary>
public sealed class AuditChainKey
{
    public const string FileName = "audit-hmac.key";
    public const int MinimumBytes = 32;

    private readonly byte[] _key;

    public AuditChainKey(byte[] key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length < MinimumBytes)
        {
            throw new ArgumentException($"The audit key must have at least {MinimumBytes} bytes.", nameof(key));
        }

        _key = [.. key];
    }

    public byte[] Mac(byte[] data) => HMACSHA256.HashData(_key, data);

    /// <summary>Reads the key file; a missing, unreadable or too short file is an operator error with a clear message.</summary>
    public static AuditChainKey Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No audit key at {path}. Create it once with: openssl rand -base64 32 > {path} && chmod 600 {path} (see keys/README.md).");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(File.ReadAllText(path).Trim());
        }
        catch (FormatException)
        {
            throw new InvalidOperationException($"The audit key {path} is not base64 text (create it with: openssl rand -base64 32 > {path}).");
        }

        return key.Length >= MinimumBytes
            ? new AuditChainKey(key)
            : throw new InvalidOperationException($"The audit key {path} has {key.Length} bytes; it needs at least {MinimumBytes}.");
    }

    /// <summary>Creates a new random key file readable only by the owner. Refuses to overwrite: a lost key makes the log unverifiable.</summary>
    public static void Create(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(new FileStream(path, options));
        writer.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumBytes)));
    }
}

/// <summary>Where the audit key is read from. Default: <c>audit-hmac.key</c> in the key store folder (<c>Keys:Directory</c>).</summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Path of the audit key file; relative paths are resolved against the content root.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// SEQUENCE:HASH of the last entry written before the chain was keyed, as <c>verify-audit-log</c> reports it. When it
    /// matches, the next start re-links those entries with the key (once; a changed log does not match).
    /// </summary>
    public string? SealUnkeyedChainHead { get; set; }
}
