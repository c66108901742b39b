using System.Text.Json;

namespace SealService.Verify;

/// <summary>One dated step in a certificate's life; <see cref="Event"/> and <see cref="Reason"/> are English texts the page translates, <see cref="Details"/> is the certifier's own text.</summary>
public sealed record CertificateEvent(DateTimeOffset At, string Event, string? Reason, string? Details);

/// <summary>
/// The holder's view of what happened to a certificate: issued, each suspension, reinstatement and revocation from the
/// audit trail (with reason), replaced by a renewal, expired. Oldest first.
/// </summary>
public sealed class CertificateHistory(AppDbContext db, TimeProvider time)
{
    private static readonly Dictionary<string, string> StatusActions = new(StringComparer.Ordinal)
    {
        ["certificate.suspended"] = "Suspended",
        ["certificate.reinstated"] = "Reinstated",
        ["certificate.revoked"] = "Revoked",
    };

    public async Task<IReadOnlyList<CertificateEvent>> ForAsync(Certificate certificate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var actions = StatusActions.Keys.ToList();
        var entries = await db.AuditLog.AsNoTracking()
            .Where(e => e.EntityType == nameof(Certificate) && e.EntityId == certificate.Serial && actions.Contains(e.Action))
            .OrderBy(e => e.Sequence)
            .Select(e => new { e.At, e.Action, e.After })
            .ToListAsync(ct);

        var events = new List<CertificateEvent> { new(certificate.IssuedAt, "Issued", null, null) };
        foreach (var entry in entries)
        {
            var (reason, details) = ReasonOf(entry.After);
            events.Add(new CertificateEvent(entry.At, StatusActions[entry.Action], reason, details));
        }

        if (certificate.Status == CertificateStatus.Superseded)
        {
            events.Add(new CertificateEvent(certificate.StatusChangedAt, "Replaced by a renewal", null, null));
        }

        if (certificate.IsExpiredAt(time.GetUtcNow()))
        {
            events.Add(new CertificateEvent(certificate.ValidUntil, "Expired", null, null));
        }

        return events.OrderBy(e => e.At).ToList();
    }

    /// <summary>The reason label and details recorded with a status change (the audit entry's "after" state).</summary>
    private static (string? Reason, string? Details) ReasonOf(string? after)
    {
        if (string.IsNullOrEmpty(after))
        {
            return (null, null);
        }

        using var json = JsonDocument.Parse(after);
        var root = json.RootElement;
        var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String && Enum.TryParse<StatusChangeReason>(r.GetString(), out var parsed)
            ? StatusReasons.Label(parsed)
            : null;
        var details = root.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(d.GetString()) ? d.GetString() : null;
        return (reason, details);
    }
}
