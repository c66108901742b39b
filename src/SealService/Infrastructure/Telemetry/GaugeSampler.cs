namespace SealService.Infrastructure.Telemetry;

public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>How often the database-backed gauges (queue and outbox ages) are sampled.</summary>
    public TimeSpan GaugeInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Samples every registered <see cref="IGaugeSource"/> into the <see cref="GaugeSnapshot"/> on an interval.</summary>
public sealed class GaugeSampler(
    IServiceScopeFactory scopes,
    IEnumerable<IGaugeSource> sources,
    GaugeSnapshot snapshot,
    IOptions<TelemetryOptions> options,
    ILogger<GaugeSampler> logger) : BackgroundService
{
    public async Task SampleOnceAsync(CancellationToken ct)
    {
        foreach (var source in sources)
        {
            using var scope = scopes.CreateScope();
            try
            {
                snapshot.Set(await source.SampleAsync(scope.ServiceProvider, ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A gauge is diagnostics; a failing query (e.g. the database is briefly away) must not stop the service.
                logger.LogWarning(ex, "Sampling gauge {Source} failed.", source.GetType().Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall-clock cadence, not the domain clock: a test clock moved a year ahead must not replay a million samples.
        using var timer = new PeriodicTimer(options.Value.GaugeInterval, TimeProvider.System);
        do
        {
            await SampleOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
