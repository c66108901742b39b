using SealService.Infrastructure.Mail;

namespace SealService.Admin;

/// <summary>What the admin outbox page shows and does: the mail that is not delivered yet and the most recent deliveries; resend a mail now.</summary>
public sealed class OutboxAdministration(AppDbContext db, AuditTrail audit, OutboxSignal signal, TimeProvider time)
{
    public async Task<OutboxOverview> OverviewAsync(CancellationToken ct = default)
    {
        var outbox = db.Set<OutboxMessage>().AsNoTracking();
        // Sorted in memory: SQLite cannot order by DateTimeOffset stored as ticks through every provider the same way.
        var undelivered = (await outbox.Where(m => m.SentAt == null).ToListAsync(ct)).OrderBy(m => m.CreatedAt).ToList();
        var since = time.GetUtcNow().AddDays(-7);
        var recent = (await outbox.Where(m => m.SentAt != null && m.SentAt >= since).ToListAsync(ct))
            .OrderByDescending(m => m.SentAt).Take(50).ToList();
        return new OutboxOverview(undelivered.Where(m => m.State == OutboxState.Failed).ToList(),
            undelivered.Where(m => m.State == OutboxState.Pending).ToList(), recent);
    }

    /// <summary>Makes a failed or waiting mail due now with a fresh set of attempts; false when there is no such undelivered mail.</summary>
    public async Task<bool> ResendAsync(Guid id, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var row = await db.Set<OutboxMessage>().FirstOrDefaultAsync(m => m.Id == id && m.SentAt == null, ct);
        if (row is null)
        {
            return false;
        }

        var before = new { row.Attempts, row.NextAttemptAt, row.LastError };
        row.Attempts = 0;
        row.NextAttemptAt = time.GetUtcNow();
        row.LockedBy = null;
        row.LockedUntil = null;
        audit.Record(by, "mail.resend", nameof(OutboxMessage), row.Id.ToString(), before, new { row.Recipient, row.Kind, row.MessageId });
        await db.SaveChangesAsync(ct);
        signal.Notify();
        return true;
    }
}

public sealed record OutboxOverview(IReadOnlyList<OutboxMessage> Failed, IReadOnlyList<OutboxMessage> Pending, IReadOnlyList<OutboxMessage> RecentlySent);
