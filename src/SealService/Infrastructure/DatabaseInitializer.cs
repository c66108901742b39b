using Microsoft.AspNetCore.Identity;
using SealService.Infrastructure.Telemetry;

namespace SealService.Infrastructure;

/// <summary>
/// Brings the database up to date: migrations, roles, and the stored copy of every catalog version. In Production only the
/// <c>migrate</c> command migrates; the web host and the other commands check that the schema is current and refuse otherwise
/// (<see cref="EnsureSchemaCurrentAsync"/>), so a read-only command never changes the schema or waits on a migration lock.
/// </summary>
public sealed class DatabaseInitializer(AppDbContext db, RoleManager<IdentityRole> roles, SealProgramCatalog catalog, TimeProvider time,
    IOptions<StorageOptions> storage, IServiceProvider services, IOptions<AuditOptions> audit, ILogger<DatabaseInitializer> logger)
{
    /// <summary>EF Core's SQLite migration lock: one row while a process applies migrations, left behind if that process is killed.</summary>
    public const string SqliteLockTable = "__EFMigrationsLock";

    /// <summary>
    /// Applies pending migrations, then roles and catalogs. Waits at most <see cref="StorageOptions.MigrationLockTimeout"/> for
    /// another process's migration lock; a SQLite lock older than <see cref="StorageOptions.MigrationLockStaleAfter"/> was
    /// left by a killed process (a migration takes seconds) and is removed with a warning.
    /// </summary>
    public async Task MigrateAsync(CancellationToken ct = default)
    {
        await RemoveStaleSqliteLockAsync(ct);
        var limit = storage.Value.MigrationLockTimeout;
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(limit);
        try
        {
            await db.Database.MigrateAsync(bounded.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            var holder = await SqliteLockTakenAtAsync(CancellationToken.None);
            throw new StartupRefusedException(
                $"Gave up after {limit.TotalSeconds:0} s waiting for the database migration lock"
                + (holder is { } at ? $" (table {SqliteLockTable}, taken at {at:u})" : "")
                + ". Another SealService process is migrating this database, or one was killed while migrating. Wait and run 'migrate' again;"
                + $" a SQLite lock older than {storage.Value.MigrationLockStaleAfter.TotalMinutes:0} minutes is treated as stale and removed automatically.");
        }

        await EnsureReferenceDataAsync(ct);
    }

    /// <summary>
    /// The web host's start outside Production: <see cref="MigrateAsync"/> when a migration is pending, else only the
    /// reference data. An up-to-date database skips EF Core's migrate step, which takes its lock and builds the design-time
    /// model to compare it with the migrations (half a second of every start); DataModelTests make that comparison instead.
    /// </summary>
    public async Task MigrateIfPendingAsync(CancellationToken ct = default)
    {
        if ((await db.Database.PendingMigrationsAsync(ct)).Count > 0)
        {
            await MigrateAsync(ct);
        }
        else
        {
            await EnsureReferenceDataAsync(ct);
        }

        SchemaSeenCurrent();
    }

    /// <summary>Refuses with a clear message when migrations are pending; never takes the migration lock.</summary>
    public async Task EnsureSchemaCurrentAsync(CancellationToken ct = default)
    {
        var pending = await db.Database.PendingMigrationsAsync(ct);
        if (pending.Count > 0)
        {
            var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).Any();
            throw new StartupRefusedException(
                (applied
                    ? $"The database schema is behind this version of SealService ({pending.Count} migration(s) not applied: {string.Join(", ", pending)})."
                    : "The database has not been created yet.")
                + " In Production only the 'migrate' command changes the schema: stop the service, back up (see README), run 'dotnet SealService.dll migrate', then start again.");
        }

        SchemaSeenCurrent();
    }

    /// <summary>The readiness check need not ask again right after start-up (SchemaHealthCheck); absent outside the web host.</summary>
    private void SchemaSeenCurrent() => services.GetService<SchemaCheckMemo>()?.SeenCurrentAt(time.GetUtcNow());

    /// <summary>The roles and the stored catalogs; data, not schema, so the web host keeps them current in every environment.</summary>
    public async Task EnsureReferenceDataAsync(CancellationToken ct = default)
    {
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

    private async Task RemoveStaleSqliteLockAsync(CancellationToken ct)
    {
        if (await SqliteLockTakenAtAsync(ct) is not { } takenAt)
        {
            return;
        }

        var age = time.GetUtcNow() - takenAt;
        if (age < storage.Value.MigrationLockStaleAfter)
        {
            return;
        }

        // SQLite has no session-bound locks: EF Core marks "migrating" with a row that only the migrating process removes.
        // A row this old belongs to a process that died mid-way (kill -9, power loss); every migration is transactional,
        // so removing the row and migrating again is safe.
        logger.LogWarning("Removing a stale database migration lock taken at {TakenAt:u} ({Minutes:0} minutes ago); the process that took it is gone.",
            takenAt, age.TotalMinutes);
        await db.Database.ExecuteSqlRawAsync($"DELETE FROM \"{SqliteLockTable}\"", ct);
    }

    private async Task<DateTimeOffset?> SqliteLockTakenAtAsync(CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return null;
        }

        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT name FROM sqlite_master WHERE type = 'table' AND name = '{SqliteLockTable}'";
            if (await command.ExecuteScalarAsync(ct) is null)
            {
                return null;
            }

            command.CommandText = $"SELECT \"Timestamp\" FROM \"{SqliteLockTable}\" LIMIT 1";
            var value = await command.ExecuteScalarAsync(ct);
            if (value is null or DBNull)
            {
                return null;
            }

            // An unreadable timestamp counts as taken long ago: a lock nobody can date cannot be waited out either.
            return DateTimeOffset.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var takenAt)
                ? takenAt
                : DateTimeOffset.MinValue;
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }
}
