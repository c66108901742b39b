namespace SealService.Admin;

/// <summary>The admin's view of the hash-chained audit log: pages of entries, newest first, and a chain check.</summary>
public sealed class AuditLogReview(AppDbContext db, AuditTrail audit, AuditChainKey key)
{
    public const int PageSize = 50;

    public async Task<AuditLogPage> PageAsync(int page, CancellationToken ct = default)
    {
        var total = await db.AuditLog.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var entries = await db.AuditLog.AsNoTracking().OrderByDescending(e => e.Sequence).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        return new AuditLogPage(entries, page, pages, total);
    }

    /// <summary>Verifies the whole chain and records that it was checked (the check itself is an admin action).</summary>
    public async Task<AuditChainReport> VerifyAsync(Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var entries = await db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync(ct);
        var broken = AuditChain.Verify(entries, key);
        audit.Record(by, "audit-log.verified", "AuditLog", "chain", after: new { entries = entries.Count, intact = broken is null, brokenAt = broken?.Sequence });
        await db.SaveChangesAsync(ct);
        return new AuditChainReport(entries.Count, broken);
    }
}

public sealed record AuditLogPage(IReadOnlyList<AuditLogEntry> Entries, int Page, int Pages, int Total);

public sealed record AuditChainReport(int Entries, AuditChainBreak? Break)
{
    public bool Intact => Break is null;
}
