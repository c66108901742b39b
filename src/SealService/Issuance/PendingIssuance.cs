using System.Text.Json;

namespace SealService.Issuance;

/// <summary>
/// Approval and issuance are two commits (the decision must stand even when signing fails), so an approved application
/// can be left without its certificate by a crash, a signer outage or a policy refusal. This class makes that state
/// visible and self-healing: every attempt goes through <see cref="TryIssueAsync"/>, a refusal is recorded with its reason
/// for the certifier, and <see cref="PendingIssuanceRetry"/> retries the rest at start-up and on an interval.
/// </summary>
public sealed class PendingIssuance(IServiceScopeFactory scopes, CertificateIssuance issuance, ILogger<PendingIssuance> logger) : IApprovalFollowUp
{
    public const string RefusedAction = "issuance.refused";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task OnApprovedAsync(Guid applicationId, Actor by, CancellationToken ct) => TryIssueAsync(applicationId, by, ct);

    /// <summary>Issues the certificate; a policy refusal is written to the audit log (with its reason) and rethrown.</summary>
    public async Task<Certificate> TryIssueAsync(Guid applicationId, Actor by, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        try
        {
            return await issuance.IssueAsync(applicationId, by, ct);
        }
        catch (DomainRuleViolation refusal)
        {
            await RecordRefusalAsync(applicationId, by, refusal, ct);
            throw;
        }
    }

    /// <summary>Approved applications without a certificate whose last attempt was not refused: crashed or failed mid-way.</summary>
    public async Task<IReadOnlyList<Guid>> StrandedAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var approved = await db.Applications.AsNoTracking()
            .Where(a => a.Status == ApplicationStatus.Approved && !db.Certificates.Any(c => c.ApplicationId == a.Id))
            .Select(a => new { a.Id, a.DecidedAt })
            .ToListAsync(ct);
        var stranded = new List<Guid>();
        foreach (var application in approved)
        {
            var refusal = await LastRefusalAsync(db, application.Id, ct);
            if (refusal is null || (application.DecidedAt is { } decided && refusal.At < decided))
            {
                stranded.Add(application.Id);
            }
        }

        return stranded;
    }

    /// <summary>Retries every stranded application once; returns how many were issued now.</summary>
    public async Task<int> RetryStrandedAsync(CancellationToken ct)
    {
        var issued = 0;
        foreach (var applicationId in await StrandedAsync(ct))
        {
            try
            {
                var certificate = await TryIssueAsync(applicationId, Actor.System, ct);
                logger.LogWarning("Application {ApplicationId} was approved but not issued (interrupted issuance); issued it now as {Serial}.",
                    applicationId, certificate.Serial);
                issued++;
            }
            catch (DomainRuleViolation refusal)
            {
                logger.LogWarning("Issuance of approved application {ApplicationId} was refused: {Reason}", applicationId, refusal.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The signer or the database may be away; the application stays visibly approved and is retried next round.
                logger.LogError(ex, "Retrying the issuance of approved application {ApplicationId} failed; it stays pending.", applicationId);
            }
        }

        return issued;
    }

    /// <summary>The latest refusal of an application's issuance, for the certifier's page.</summary>
    public static async Task<IssuanceRefusal?> LastRefusalAsync(AppDbContext db, Guid applicationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        var id = applicationId.ToString();
        var entry = await db.AuditLog.AsNoTracking()
            .Where(e => e.Action == RefusedAction && e.EntityType == nameof(SealApplication) && e.EntityId == id)
            .OrderByDescending(e => e.Sequence)
            .Select(e => new { e.At, e.After })
            .FirstOrDefaultAsync(ct);
        if (entry is null)
        {
            return null;
        }

        var reason = entry.After is null ? null : JsonSerializer.Deserialize<RefusalRecord>(entry.After, Json)?.Reason;
        return new IssuanceRefusal(entry.At, reason ?? "");
    }

    private async Task RecordRefusalAsync(Guid applicationId, Actor by, DomainRuleViolation refusal, CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (!await db.Applications.AnyAsync(a => a.Id == applicationId && a.Status == ApplicationStatus.Approved, ct))
        {
            return;
        }

        scope.ServiceProvider.GetRequiredService<AuditTrail>().Record(by, RefusedAction, nameof(SealApplication), applicationId.ToString(),
            after: new RefusalRecord(refusal.Message));
        await db.SaveChangesAsync(ct);
    }

    private sealed record RefusalRecord(string Reason);
}

public sealed record IssuanceRefusal(DateTimeOffset At, string Reason);

/// <summary>
/// Runs <see cref="PendingIssuance.RetryStrandedAsync"/> at start-up and then every few minutes, as a <see cref="ClusterJobs"/>
/// job without an interval of its own: two nodes never retry at the same time (each approval would be signed twice, and
/// one signature thrown away), but every node's start and tick looks, so a restarted node finishes what it left at once.
/// </summary>
public sealed class PendingIssuanceRetry(ClusterJobs jobs, ILogger<PendingIssuanceRetry> logger) : BackgroundService
{
    public const string Job = "pending-issuance";

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    public Task<JobRun> RunOnceAsync(CancellationToken ct) =>
        jobs.RunIfDueAsync(Job, TimeSpan.Zero, (services, token) => services.GetRequiredService<PendingIssuance>().RetryStrandedAsync(token), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Wall-clock cadence, not the domain clock: a test clock moved a year ahead must not replay every interval.
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Looking for approved applications without a certificate failed; trying again in {Interval}.", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
