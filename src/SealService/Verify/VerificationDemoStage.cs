using Microsoft.EntityFrameworkCore;
using SealService.Certify;
using SealService.Data.Demo;
using SealService.Domain;

namespace SealService.Verify;

/// <summary>
/// Gives the demo verifier something to show besides "valid": per program, one issued certificate suspended and one
/// revoked, always leaving at least one active. Expired certificates are left alone: the issuance stage signs those in the
/// past, and a verifier shows them as expired.
/// </summary>
public sealed class VerificationDemoStage : IDemoStage
{
    public int Order => 40;

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var db = context.Db;
        var now = context.Time.GetUtcNow();
        var active = await db.Certificates
            .Where(c => c.Status == CertificateStatus.Active)
            .OrderBy(c => c.Serial)
            .ToListAsync(context.CancellationToken);
        foreach (var program in active.Where(c => !c.IsExpiredAt(now)).GroupBy(c => c.ProgramId))
        {
            var certificates = program.ToList();
            if (certificates.Count >= 2)
            {
                await ChangeAsync(context, certificates[0], StatusChange.Suspend, StatusChangeReason.FeeNotPaid, "Demo: the annual fee is overdue.", now);
            }

            if (certificates.Count >= 3)
            {
                await ChangeAsync(context, certificates[1], StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "Demo: the seal was shown on a product it does not cover.", now);
            }
        }
    }

    /// <summary>One change and its audit entry per save: the audit chain numbers entries one at a time.</summary>
    private static async Task ChangeAsync(DemoContext context, Certificate certificate, StatusChange change, StatusChangeReason reason, string details, DateTimeOffset now)
    {
        var before = new { status = certificate.Status.ToString() };
        if (change == StatusChange.Suspend)
        {
            certificate.Suspend(reason, details, Actor.System, now);
        }
        else
        {
            certificate.Revoke(reason, details, Actor.System, now);
        }

        context.Audit.Record(Actor.System, change == StatusChange.Suspend ? "certificate.suspended" : "certificate.revoked", nameof(Certificate), certificate.Serial,
            before, new { status = certificate.Status.ToString(), reason = reason.ToString(), details });
        await context.Db.SaveChangesAsync(context.CancellationToken);
    }
}
