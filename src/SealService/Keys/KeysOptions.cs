namespace SealService.Keys;

/// <summary>Where the signing keys live. Production: both from configuration or the environment (<c>Keys__Passphrase</c>).</summary>
public sealed class KeysOptions
{
    public const string Section = "Keys";

    /// <summary>The key store folder (see keys/README.md). Relative paths are resolved against the content root.</summary>
    public string? Directory { get; set; }

    /// <summary>Protects the private key files (encrypted PKCS#8). Never logged.</summary>
    public string? Passphrase { get; set; }

    /// <summary>Create a throwaway root and issuing key when the folder is empty. Development and tests only; refused in Production.</summary>
    public bool CreateIfMissing { get; set; }
}
