using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SealService.Infrastructure.Telemetry;

/// <summary>
/// Not ready while migrations are pending: a node of a newer release waits for <c>migrate</c> before taking traffic.
/// Asking the database for pending migrations (<see cref="MigrationHistory"/>) reads the history table and reflects over
/// every migration, more than a health probe should cost on each request; once the schema is seen current (here, or by
/// the start-up's own check, <see cref="DatabaseInitializer"/>) the answer is remembered for
/// <see cref="SchemaCheckMemo.RecheckAfter"/> (a running node's migrations cannot become pending again, except by a
/// restore of an older backup, which the next check after that time sees). Pending migrations are never remembered.
/// </summary>
public sealed class SchemaHealthCheck(AppDbContext db, SchemaCheckMemo memo, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (memo.IsCurrentAt(time.GetUtcNow()))
        {
            return HealthCheckResult.Healthy("schema current");
        }

        var pending = await db.Database.PendingMigrationsAsync(cancellationToken);
        if (pending.Count > 0)
        {
            return HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: run the migrate command");
        }

        memo.SeenCurrentAt(time.GetUtcNow());
        return HealthCheckResult.Healthy("schema current");
    }
}

/// <summary>When the schema was last seen current (one per node).</summary>
public sealed class SchemaCheckMemo
{
    public static readonly TimeSpan RecheckAfter = TimeSpan.FromSeconds(30);

    private long _currentUntilTicks;

    public bool IsCurrentAt(DateTimeOffset now) => now.UtcTicks < Interlocked.Read(ref _currentUntilTicks);

    public void SeenCurrentAt(DateTimeOffset now) => Interlocked.Exchange(ref _currentUntilTicks, (now + RecheckAfter).UtcTicks);
}
