using System.Text.Json;

namespace SealService.Infrastructure;

/// <summary>
/// Appends entries to the hash-chained audit log. Entries join the caller's unit of work: they are written with the
/// change they describe, in the same SaveChanges, or not at all.
/// </summary>
public sealed class AuditTrail(AppDbContext db, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Record(Actor actor, string action, string entityType, string entityId, object? before = null, object? after = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        db.AuditLog.Add(new AuditLogEntry(time.GetUtcNow(), actor.UserId, actor.DisplayName, action, entityType, entityId,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json)));
    }
}
