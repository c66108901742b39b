using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SealService.Data;
using SealService.Domain;

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
        var entry = new AuditLogEntry(time.GetUtcNow(), actor.UserId, actor.DisplayName, action, entityType, entityId,
            before is null ? null : JsonSerializer.Serialize(before, Json),
            after is null ? null : JsonSerializer.Serialize(after, Json));
        // Sequence is the key: entries waiting for the same SaveChanges need distinct placeholders until they are linked into the chain.
        entry.Sequence = -1 - db.ChangeTracker.Entries<AuditLogEntry>().Count(e => e.State == EntityState.Added);
        db.AuditLog.Add(entry);
    }
}
