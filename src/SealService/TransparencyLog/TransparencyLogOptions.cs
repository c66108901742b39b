namespace SealService.TransparencyLog;

/// <summary>Settings of the public transparency log (docs/transparency-log.md).</summary>
public sealed class TransparencyLogOptions
{
    public const string Section = "TransparencyLog";

    /// <summary>
    /// The log's origin, its globally unique name on every checkpoint (e.g. <c>seals.example.org/log</c>). Defaults to the
    /// host and path of <c>Seal:PublicBaseUrl</c> followed by <c>/log</c>. Never change it once the log is public.
    /// </summary>
    public string? Origin { get; set; }

    /// <summary>The Ed25519 log key file (encrypted PKCS#8 PEM). Defaults to <c>log.key</c> in <c>Keys:Directory</c>; relative paths are resolved against the content root.</summary>
    public string? KeyFile { get; set; }

    /// <summary>Passphrase of the log key file; defaults to <c>Keys:Passphrase</c>.</summary>
    public string? KeyPassphrase { get; set; }

    /// <summary>How often the head of the internal audit chain is committed to the log (at most one hour).</summary>
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromHours(1);
}
