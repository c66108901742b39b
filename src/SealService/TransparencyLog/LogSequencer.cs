namespace SealService.TransparencyLog;

/// <summary>
/// Gives pending log records their positions inside the saving transaction, so an entry commits with its event or not at
/// all, and positions are gapless and in commit order. On PostgreSQL a transaction-scoped advisory lock serializes all
/// appenders across web nodes until commit; SQLite's write transaction (BEGIN IMMEDIATE) does the same on one file. The
/// same lock covers the audit chain, whose next entry also depends on the tail read in the transaction.
/// </summary>
internal static class LogSequencer
{
    // Arbitrary but fixed: every node must take the same lock.
    private const long AdvisoryLockKey = 0x5EA1_7106;

    /// <summary>Replaces derived records from an earlier failed attempt with fresh ones and returns all pending records.</summary>
    public static List<TransparencyLogRecord> Collect(AppDbContext db, DateTimeOffset now)
    {
        foreach (var stale in db.ChangeTracker.Entries<TransparencyLogRecord>().Where(e => e.State == EntityState.Added && e.Entity.Derived).ToList())
        {
            stale.State = EntityState.Detached;
        }

        var derived = LogEntries.Derive(db, now);
        db.AddRange(derived);
        return db.ChangeTracker.Entries<TransparencyLogRecord>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
    }

    /// <summary>
    /// Must run inside the transaction that then saves the records, before the audit chain's tail is read: the lock it takes
    /// there also keeps two nodes from appending audit entries at the same position.
    /// </summary>
    public static async Task AssignAsync(AppDbContext db, IReadOnlyList<TransparencyLogRecord> pending, CancellationToken ct)
    {
        if (db.Database.ProviderName?.Contains("Npgsql", StringComparison.Ordinal) == true)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", ct);
        }

        if (pending.Count == 0)
        {
            return;
        }

        var last = await db.Set<TransparencyLogRecord>().AsNoTracking().MaxAsync(r => (long?)r.Index, ct) ?? -1;
        foreach (var record in pending)
        {
            record.Index = ++last;
        }
    }
}
