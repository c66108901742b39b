using System.Threading.RateLimiting;

namespace SealService.Verify;

/// <summary>
/// The report form's own budget per client address (RateLimiting:MisuseReportsPerHour), far below the verifier's
/// per-minute one: a report mails a person at the certification body, so a script must not be able to flood them.
/// </summary>
public sealed class MisuseReportThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public MisuseReportThrottle(IOptions<RateLimitingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var permits = options.Value.MisuseReportsPerHour;
        _limiter = PartitionedRateLimiter.Create<string, string>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromHours(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Takes a permit for the client's address: null when allowed, otherwise how long to wait.</summary>
    public TimeSpan? Acquire(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var lease = _limiter.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return lease.IsAcquired ? null
            : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromHours(1);
    }

    public void Dispose() => _limiter.Dispose();
}
