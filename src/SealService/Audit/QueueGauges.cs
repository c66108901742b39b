using SealService.Infrastructure.Telemetry;

namespace SealService.Audit;

/// <summary>Age of the oldest application waiting for an auditor and for a certifier's decision (0 when none waits).</summary>
public sealed class QueueGauges(TimeProvider time) : IGaugeSource
{
    public async Task<IReadOnlyList<GaugeReading>> SampleAsync(IServiceProvider services, CancellationToken ct)
    {
        var db = services.GetRequiredService<AppDbContext>();
        var now = time.GetUtcNow();
        // Dates are stored in a provider-neutral form; load the few candidate dates and take the minimum here.
        var submitted = await db.Applications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.Submitted && a.AuditorId == null)
            .Select(a => a.SubmittedAt).ToListAsync(ct);
        var recommended = await db.Applications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.Recommended)
            .Select(a => a.RecommendedAt).ToListAsync(ct);
        return
        [
            new GaugeReading(GaugeSnapshot.QueuePrefix, "audit", Age(submitted, now)),
            new GaugeReading(GaugeSnapshot.QueuePrefix, "decision", Age(recommended, now)),
        ];
    }

    private static double Age(List<DateTimeOffset?> since, DateTimeOffset now) =>
        since.Where(s => s is not null).Select(s => (now - s!.Value).TotalSeconds).DefaultIfEmpty(0).Max();
}
