using MimeKit;

namespace SealService.Infrastructure.Mail;

/// <summary>
/// Sends what is due in the outbox: claims each row with a lease (safe with several nodes), sends it, and records success or
/// the failure with the next attempt after an exponentially growing delay.
/// </summary>
public sealed class OutboxDispatcher(AppDbContext db, IMailTransport transport, IOptions<MailOptions> options, TimeProvider time, ILogger<OutboxDispatcher> logger)
{
    /// <summary>Identifies this process in <see cref="OutboxMessage.LockedBy"/>.</summary>
    public static readonly string Node = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    private const int Batch = 50;

    /// <summary>Sends every due mail once; returns how many were claimed (sent or failed) so the caller can loop until none are left.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken ct)
    {
        var outbox = db.Set<OutboxMessage>();
        var now = time.GetUtcNow();
        var due = await outbox.AsNoTracking()
            .Where(m => m.SentAt == null && m.NextAttemptAt != null && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.NextAttemptAt)
            .Select(m => m.Id)
            .Take(Batch)
            .ToListAsync(ct);
        var handled = 0;
        foreach (var id in due)
        {
            if (await TryDeliverAsync(id, ct))
            {
                handled++;
            }
        }

        return handled;
    }

    private async Task<bool> TryDeliverAsync(Guid id, CancellationToken ct)
    {
        var outbox = db.Set<OutboxMessage>();
        var settings = options.Value.Outbox;
        var now = time.GetUtcNow();
        var leaseEnd = now + settings.Lease;
        var claimed = await outbox
            .Where(m => m.Id == id && m.SentAt == null && m.NextAttemptAt != null && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockedBy, Node).SetProperty(m => m.LockedUntil, leaseEnd), ct);
        if (claimed == 0)
        {
            return false; // Another node (or run) has it.
        }

        var row = await outbox.AsNoTracking().SingleAsync(m => m.Id == id, ct);
        try
        {
            using var stream = new MemoryStream(row.Mime, writable: false);
            var message = await MimeMessage.LoadAsync(stream, ct);
            await transport.SendAsync(message, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var attempts = row.Attempts + 1;
            var failedAt = time.GetUtcNow();
            DateTimeOffset? next = attempts >= settings.MaxAttempts ? null : failedAt + Backoff(attempts, settings);
            var error = $"{ex.GetType().Name}: {ex.Message}";
            await outbox.Where(m => m.Id == id && m.LockedBy == Node).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Attempts, attempts)
                .SetProperty(m => m.LastAttemptAt, failedAt)
                .SetProperty(m => m.LastError, error.Length > 2000 ? error[..2000] : error)
                .SetProperty(m => m.NextAttemptAt, next)
                .SetProperty(m => m.LockedBy, (string?)null)
                .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
            if (next is null)
            {
                logger.LogError(ex, "Mail {MessageId} ({Kind}) to {Recipient} failed {Attempts} times; it waits for an admin to resend it.", row.MessageId, row.Kind, row.Recipient, attempts);
            }
            else
            {
                logger.LogWarning(ex, "Mail {MessageId} ({Kind}) to {Recipient} could not be sent (attempt {Attempts}); next attempt at {Next:u}.", row.MessageId, row.Kind, row.Recipient, attempts, next);
            }

            return true;
        }

        var sentAt = time.GetUtcNow();
        // Recorded even if the caller is shutting down: the mail is out, so it must never be sent again.
        await outbox.Where(m => m.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.Attempts, row.Attempts + 1)
            .SetProperty(m => m.LastAttemptAt, sentAt)
            .SetProperty(m => m.SentAt, sentAt)
            // The body may hold a password-reset or confirmation link: once delivered it is not kept.
            .SetProperty(m => m.Mime, Array.Empty<byte>())
            .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
            .SetProperty(m => m.LastError, (string?)null)
            .SetProperty(m => m.LockedBy, (string?)null)
            .SetProperty(m => m.LockedUntil, (DateTimeOffset?)null), CancellationToken.None);
        logger.LogInformation("Mail {MessageId} ({Kind}) sent to {Recipient}.", row.MessageId, row.Kind, row.Recipient);
        return true;
    }

    /// <summary>Deletes the records of mail delivered longer ago than <see cref="OutboxOptions.KeepSent"/>; returns how many.</summary>
    public async Task<int> PurgeSentAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow() - options.Value.Outbox.KeepSent;
        return await db.Set<OutboxMessage>().Where(m => m.SentAt != null && m.SentAt < before).ExecuteDeleteAsync(ct);
    }

    /// <summary>First retry after <see cref="OutboxOptions.FirstRetryDelay"/>, then twice as long each time, at most <see cref="OutboxOptions.MaxRetryDelay"/>.</summary>
    public static TimeSpan Backoff(int failedAttempts, OutboxOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var factor = Math.Pow(2, Math.Clamp(failedAttempts - 1, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.FirstRetryDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
        return delay;
    }
}
