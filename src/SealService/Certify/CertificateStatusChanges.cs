using SealService.Issuance;
using SealService.Verify;

namespace SealService.Certify;

public enum StatusChange
{
    Suspend,
    Reinstate,
    Revoke,
}

/// <summary>
/// Suspension, reinstatement and revocation by a certifier or admin: the domain method, the audit entry and the save in
/// one unit of work. Nothing caches status, so the verifier, the API and the registry show the change on the next request.
/// </summary>
public sealed class CertificateStatusChanges(AppDbContext db, AuditTrail audit, CertificateNotices notices, TimeProvider time)
{
    /// <summary>Applies the change; <see langword="null"/> when no certificate has this serial.</summary>
    /// <param name="expectedStamp">The concurrency stamp the person saw; a different current stamp means someone else changed it meanwhile.</param>
    /// <exception cref="DomainRuleViolation">The change is not allowed; nothing changed.</exception>
    /// <exception cref="DbUpdateConcurrencyException">Someone else changed the certificate after <paramref name="expectedStamp"/>.</exception>
    public async Task<Certificate?> ApplyAsync(string serial, StatusChange change, StatusChangeReason? reason, string? details, Actor by, Guid? expectedStamp, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(by);
        var certificate = await db.Certificates.FirstOrDefaultAsync(c => c.Serial == serial, ct);
        if (certificate is null)
        {
            return null;
        }

        if (expectedStamp is { } stamp)
        {
            db.Entry(certificate).Property(c => c.ConcurrencyStamp).OriginalValue = stamp;
        }

        var before = new { status = certificate.Status.ToString(), reason = certificate.StatusReason?.ToString(), details = certificate.StatusReasonText };
        var now = time.GetUtcNow();
        switch (change)
        {
            case StatusChange.Suspend:
                certificate.Suspend(reason ?? throw new DomainRuleViolation("Choose a reason for the suspension."), details ?? "", by, now);
                break;
            case StatusChange.Reinstate:
                certificate.Reinstate(by, now);
                break;
            default:
                certificate.Revoke(reason ?? throw new DomainRuleViolation("Choose a reason for the revocation."), details ?? "", by, now);
                break;
        }

        var action = change switch
        {
            StatusChange.Suspend => "certificate.suspended",
            StatusChange.Reinstate => "certificate.reinstated",
            _ => "certificate.revoked",
        };
        audit.Record(by, action, nameof(Certificate), certificate.Serial, before,
            new { status = certificate.Status.ToString(), reason = certificate.StatusReason?.ToString(), details = certificate.StatusReasonText });
        // The holder hears of the change in the same transaction as the change itself.
        var organizationId = await db.Applications.Where(a => a.Id == certificate.ApplicationId).Select(a => a.OrganizationId).SingleAsync(ct);
        await notices.QueueStatusChangeAsync(certificate, organizationId, certificate.StatusReason is { } r ? StatusReasons.Label(r) : "", ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new DomainRuleViolation("Someone else changed this certificate meanwhile. Reload the page and check its status before you try again.");
        }

        return certificate;
    }
}
