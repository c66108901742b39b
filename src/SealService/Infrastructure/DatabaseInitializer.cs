using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SealService.Data;
using SealService.Domain;
using SealService.Programs;

namespace SealService.Infrastructure;

/// <summary>Brings the database up to date on start: migrations, roles, and the stored copy of every catalog version.</summary>
public sealed class DatabaseInitializer(AppDbContext db, RoleManager<IdentityRole> roles, SealProgramCatalog catalog, TimeProvider time, ILogger<DatabaseInitializer> logger)
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
