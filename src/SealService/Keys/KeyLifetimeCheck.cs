namespace SealService.Keys;

/// <summary>
/// At start-up: says loudly when the active issuing key is near the end of the time in which it may still sign seals of
/// every program (its signing period, and its certificate outliving a seal of the longest program validity), so that
/// <c>keys rotate</c> happens before issuance stops. Throwaway development stores are rotated right away instead. Runs as a
/// <see cref="ClusterJobs"/> job, so nodes sharing one key folder that start together check (and rotate) one at a time;
/// in the background, once the host has started, so the first requests do not wait for it.
/// </summary>
public sealed class KeyLifetimeCheck(KeyStoreLocation location, SealProgramCatalog programs, ClusterJobs jobs, TimeProvider time, ILogger<KeyLifetimeCheck> logger) : BackgroundService
{
    public const string Job = "key-lifetime-check";

    /// <summary>How long before the end of signing the warning starts: enough for a planned key ceremony.</summary>
    public static readonly TimeSpan WarnAhead = TimeSpan.FromDays(60);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!location.Store.IsInitialized)
        {
            return;
        }

        await jobs.RunIfDueAsync(Job, TimeSpan.Zero, (_, _) =>
        {
            Check();
            return Task.CompletedTask;
        }, stoppingToken);
    }

    private void Check()
    {
        var longest = programs.Programs.SelectMany(p => p.Versions).Select(c => c.ValidityMonths).DefaultIfEmpty(FileKeyStore.LongestSealValidityMonths).Max();
        var now = time.GetUtcNow();
        // Reads the manifest again under the lock: a node that started a moment earlier may have rotated already.
        if (location.RotateDevelopmentKeyIfDue(now, longest))
        {
            return;
        }

        var warning = Describe(location.Store.ReadManifest(), longest, now);
        if (warning is not null)
        {
            logger.LogWarning("{Warning}", warning);
        }
    }

    /// <summary>The warning for this key store at <paramref name="now"/>, or <see langword="null"/> when all is well.</summary>
    public static string? Describe(KeyStoreManifest manifest, int longestValidityMonths, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.ActiveKey is not { } active)
        {
            return "The key store has no active issuing key: no seal can be issued. Run 'keys rotate' at a key ceremony (keys/README.md).";
        }

        var last = active.LastSigningFor(longestValidityMonths);
        if (now > last)
        {
            return $"Issuing key {active.KeyId} can no longer sign {longestValidityMonths}-month seals (since {last:u}): issuance is refused. Run 'keys rotate' at a key ceremony now (keys/README.md).";
        }

        return last - now <= WarnAhead
            ? $"Issuing key {active.KeyId} signs {longestValidityMonths}-month seals only until {last:u} ({(int)(last - now).TotalDays} days). Plan a key ceremony and run 'keys rotate' before then (keys/README.md)."
            : null;
    }
}
