using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SealService.Infrastructure;

/// <summary>Healthy when the database answers; a load balancer takes a node out of rotation otherwise.</summary>
public sealed class DatabaseHealthCheck(AppDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy("database reachable")
            : HealthCheckResult.Unhealthy("database unreachable");
}
