using MimeKit;

namespace SealService.Infrastructure.Mail;

/// <summary>
/// Queues mail in the caller's unit of work: <see cref="Enqueue"/> adds the outbox row to the scope's <see cref="AppDbContext"/>,
/// and the caller's own SaveChanges stores it together with the change the mail reports (both or neither). After that save
/// the background sender is woken at once.
/// </summary>
public sealed class MailOutbox(AppDbContext db, MailComposer composer, OutboxSignal signal, TimeProvider time)
{
    private bool _listening;

    public OutboxMessage Enqueue(OutgoingMail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var now = time.GetUtcNow();
        var message = composer.Compose(mail, now);
        // Long HTML lines get a transfer encoding now, so the stored message is valid for any relay as it stands.
        message.Prepare(EncodingConstraint.EightBit, 998);
        using var buffer = new MemoryStream();
        message.WriteTo(FormatOptions.Default, buffer);
        var row = new OutboxMessage(message.To.Mailboxes.First().Address, message.Subject ?? "", mail.Kind, message.MessageId ?? "", buffer.ToArray(), now);
        db.Set<OutboxMessage>().Add(row);
        if (!_listening)
        {
            _listening = true;
            db.SavedChanges += (_, _) => signal.Notify();
        }

        return row;
    }
}

/// <summary>Wakes the background sender when a unit of work has queued mail, so delivery does not wait for the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim _gate = new(0, 1);

    public void Notify()
    {
        try
        {
            _gate.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers every queued mail.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _gate.WaitAsync(timeout, ct);

    public void Dispose() => _gate.Dispose();
}
