namespace SealService.Domain;

/// <summary>
/// One entry of the append-only, hash-chained audit trail. <see cref="Hash"/> covers every field and
/// <see cref="PreviousHash"/>, so deleting, editing or reordering an entry breaks the chain at that point.
/// </summary>
public sealed class AuditLogEntry
{
    private AuditLogEntry()
    {
    }

    public AuditLogEntry(DateTimeOffset at, string actorId, string actorName, string action, string entityType, string entityId, string? before, string? after)
    {
        // Whole milliseconds: every database stores them exactly, so the hash computed now matches the row read back later.
        At = at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMillisecond)).ToUniversalTime();
        ActorId = actorId;
        ActorName = actorName;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Before = before;
        After = after;
    }

    public Guid Id { get; private set; } = Guid.NewGuid();

    /// <summary>Position in the chain, assigned when the entry is saved; unique.</summary>
    public long Sequence { get; internal set; }
    public DateTimeOffset At { get; private set; }
    public string ActorId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public string EntityId { get; private set; } = "";
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public string PreviousHash { get; internal set; } = "";
    public string Hash { get; internal set; } = "";
}
