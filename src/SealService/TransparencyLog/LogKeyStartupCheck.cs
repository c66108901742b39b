using SealService.Keys;

namespace SealService.TransparencyLog;

/// <summary>
/// Production refuses to start without the transparency log key: without it every checkpoint, tile and proof request would
/// fail, and seal events would go unpublished. Development and tests create a throwaway key on first use.
/// </summary>
public sealed class LogKeyStartupCheck(IHostEnvironment environment, IOptions<KeysOptions> keys, IServiceProvider services) : IStartupCheck
{
    public string Summary => "transparency log: " + (KeyFile() is { } file && File.Exists(file) ? "key " + file : "no key yet");

    public IEnumerable<string> Problems()
    {
        if (!environment.IsProduction() || string.IsNullOrWhiteSpace(keys.Value.Directory))
        {
            yield break;
        }

        if (KeyFile() is { } file && !File.Exists(file))
        {
            yield return $"no transparency log key at {file} (create it once at the key ceremony: keys log-init; see keys/README.md)";
        }
    }

    private string? KeyFile()
    {
        try
        {
            return services.GetRequiredService<LogSigningKey>().KeyFile;
        }
        catch (InvalidOperationException)
        {
            // The key store location itself is misconfigured; the key store check reports that.
            return null;
        }
    }
}
