namespace SealService.Infrastructure.Mail;

public enum OutboxState
{
    Pending,
    Sent,
    Failed,
}

/// <summary>
/// A mail waiting to be delivered, stored in the same SaveChanges as the change it reports, so a crash or an SMTP outage
/// loses nothing. The finished MIME message (with its Date and Message-ID) is stored, so every retry sends the same message
/// and a receiver can discard a duplicate by its Message-ID.
/// </summary>
/// <remarks>
/// Several nodes may run the sender: a node claims a row by setting <see cref="LockedBy"/> and <see cref="LockedUntil"/> in one
/// conditional UPDATE that only succeeds while the row is unclaimed or its lease ran out, so two nodes never send the same row.
/// </remarks>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public OutboxMessage(string recipient, string subject, string kind, string messageId, byte[] mime, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        Recipient = recipient;
        Subject = subject;
        Kind = kind;
        MessageId = messageId;
        Mime = mime;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public string Recipient { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public string MessageId { get; private set; } = "";
    public byte[] Mime { get; private set; } = [];
    public int Attempts { get; set; }

    /// <summary>When the sender may try next; <see langword="null"/> once sent or after the last allowed attempt failed.</summary>
    public DateTimeOffset? NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }

    public OutboxState State => SentAt is not null ? OutboxState.Sent : NextAttemptAt is null ? OutboxState.Failed : OutboxState.Pending;
}
