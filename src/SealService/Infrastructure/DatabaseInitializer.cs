using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SealService.Data;
using SealService.Domain;
using SealService.Programs;

namespace SealService.Infrastructure;

/// <summary>Brings the database up to date on start: migrations, roles, and the stored copy of every catalog version.</summary>
public sealed class DatabaseInitializer(AppDbContext db, RoleManager<IdentityRole> roles, SealProgramCatalog catalog, TimeProvider time, IServiceProvider services, IOptions<AuditOptions> audit, ILogger<DatabaseInitializer> logger)
{
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }

        await SyncCatalogsAsync(ct);
        await CheckAuditChainKeyedAsync(ct);
    }

    /// <summary>
    /// A log whose newest entry is not keyed was written (at least partly) before the audit key existed. It is re-linked
    /// with the key only when the operator confirmed its unkeyed head (<see cref="AuditOptions.SealUnkeyedChainHead"/>):
    /// the service itself cannot tell an old log from one rewritten by someone with database access.
    /// </summary>
    private async Task CheckAuditChainKeyedAsync(CancellationToken ct)
    {
        var tail = await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefaultAsync(ct);
        if (tail is null)
        {
            return;
        }

        // Resolved only here: commands on an empty database (keys init at the ceremony) need no audit key.
        var auditKey = services.GetRequiredService<AuditChainKey>();
        if (AuditChain.ComputeMac(tail, auditKey) == tail.Hash && string.IsNullOrWhiteSpace(audit.Value.SealUnkeyedChainHead))
        {
            return;
        }

        var entries = await db.AuditLog.OrderBy(e => e.Sequence).ToListAsync(ct);
        var check = AuditChain.Verify(entries, auditKey);
        if (check?.UnkeyedHead is null)
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (audit.Value.SealUnkeyedChainHead is { } approved && AuditChain.Reseal(entries, auditKey, approved))
        {
            // Re-linked entries first: the next entry is chained to the tail as stored.
            await db.SaveChangesAsync(ct);
            db.AuditLog.Add(new AuditLogEntry(time.GetUtcNow(), Actor.System.UserId, Actor.System.DisplayName, "audit-log.keyed", "AuditLog", "chain", null,
                System.Text.Json.JsonSerializer.Serialize(new { unkeyedHead = check.UnkeyedHead, entries = entries.Count })));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            logger.LogWarning("The audit log's {Count} entries were re-linked with the audit key; the unkeyed head was {Head}", entries.Count, check.UnkeyedHead);
            return;
        }

        logger.LogError("The audit log is not keyed: {Problem}", check.Problem);
    }

    /// <summary>
    /// Stores each catalog version the first time it is seen. A published version whose content changed since is refused:
    /// applications were judged against the stored text, and a silent edit would change what they mean.
    /// </summary>
    public async Task SyncCatalogsAsync(CancellationToken ct = default)
    {
        var stored = await db.CatalogVersions.ToDictionaryAsync(c => c.Key, ct);
        foreach (var version in catalog.Programs.SelectMany(p => p.Versions))
        {
            if (stored.TryGetValue(version.Key, out var record))
            {
                if (record.Digest != version.Digest)
                {
                    if (!version.IsDraft)
                    {
                        throw new InvalidOperationException(
                            $"Catalog {version.Key} changed after it was published (stored {record.Digest}, file {version.Digest}). Publish the change as a new version file instead.");
                    }

                    logger.LogWarning("Draft catalog {Catalog} changed; storing the new draft content", version.Key);
                    record.Digest = version.Digest;
                    record.Content = version.Content;
                }

                continue;
            }

            db.CatalogVersions.Add(new CatalogVersionRecord
            {
                Key = version.Key,
                ProgramId = version.ProgramId,
                Version = version.Version,
                Status = version.Status,
                Digest = version.Digest,
                Content = version.Content,
                FirstSeenAt = time.GetUtcNow(),
            });
        }

        await db.SaveChangesAsync(ct);
    }
}
