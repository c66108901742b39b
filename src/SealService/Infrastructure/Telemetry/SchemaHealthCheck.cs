using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SealService.Infrastructure.Telemetry;

/// <summary>Not ready while migrations are pending: a node of a newer release waits for <c>migrate</c> before taking traffic.</summary>
public sealed class SchemaHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        return pending.Count == 0
            ? HealthCheckResult.Healthy("schema current")
            : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) pending: run the migrate command");
    }
}
