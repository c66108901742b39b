namespace SealService.TransparencyLog;

/// <summary>
/// Commits the head of the internal audit chain into the public log, so that a later rewrite of the audit table (which
/// anyone with database access could do, recomputing the chain) contradicts a checkpoint that outsiders already hold.
/// </summary>
public sealed class AuditAnchoring(AppDbContext db)
{
    /// <summary>Logs the current audit head unless it is already the last anchored one; returns the anchor's log index, or null when nothing changed.</summary>
    public async Task<long?> AnchorAsync(CancellationToken ct)
    {
        var head = await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => e.Hash).FirstOrDefaultAsync(ct);
        if (head is null)
        {
            return null;
        }

        var lastAnchor = await db.TransparencyLog.AsNoTracking().Where(r => r.Type == LogEntries.AuditAnchor).OrderByDescending(r => r.Index)
            .Select(r => r.Entry).FirstOrDefaultAsync(ct);
        var record = LogEntries.Anchor(head, DateTimeOffset.UtcNow);
        if (lastAnchor is not null && lastAnchor.AsSpan().SequenceEqual(record.Entry))
        {
            return null;
        }

        db.TransparencyLog.Add(record);
        await db.SaveChangesAsync(ct);
        return record.Index;
    }
}

/// <summary>
/// Anchors the audit chain every <see cref="TransparencyLogOptions.AnchorInterval"/> (one hour by default), as a
/// <see cref="ClusterJobs"/> job: with several nodes one of them anchors per interval, and two never anchor the same head.
/// </summary>
public sealed class AuditAnchorService(ClusterJobs jobs, IOptions<TransparencyLogOptions> options, TimeProvider time, ILogger<AuditAnchorService> logger) : BackgroundService
{
    public const string Job = "audit-anchor";

    private TimeSpan Interval => options.Value.AnchorInterval is { } configured && configured > TimeSpan.Zero && configured <= TimeSpan.FromHours(1)
        ? configured : TimeSpan.FromHours(1);

    /// <summary>One tick of the timer: anchors the head unless another node is at it or did it less than an interval ago.</summary>
    public Task<JobRun> RunOnceAsync(CancellationToken ct) =>
        jobs.RunIfDueAsync(Job, Interval, async (services, token) =>
        {
            var index = await services.GetRequiredService<AuditAnchoring>().AnchorAsync(token);
            if (index is { } i)
            {
                logger.LogInformation("Audit chain head anchored in the transparency log as entry {Index}.", i);
            }
        }, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The next tick tries again; a missed anchor weakens nothing already logged.
                logger.LogError(ex, "Could not anchor the audit chain in the transparency log.");
            }
        }
    }
}
