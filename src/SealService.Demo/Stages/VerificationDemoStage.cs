using Microsoft.EntityFrameworkCore;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;

namespace SealService.Demo.Stages;

/// <summary>
/// Gives the demo verifier something to show besides "valid": per program, the certifier suspends one issued certificate
/// and revokes another, always leaving at least one active. Expired certificates are left alone: the issuance stage signs
/// those in the past, and a verifier shows them as expired.
/// </summary>
public sealed class VerificationDemoStage : IDemoStage
{
    public int Order => 40;

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Now;
        var active = await context.AtAsync(now, services => services.GetRequiredService<AppDbContext>().Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Active)
            .OrderBy(c => c.Serial)
            .ToListAsync(context.CancellationToken));
        foreach (var program in active.Where(c => !c.IsExpiredAt(now)).GroupBy(c => c.ProgramId))
        {
            var certificates = program.ToList();
            if (certificates.Count >= 2)
            {
                await ChangeAsync(context, certificates[0].Serial, StatusChange.Suspend, StatusChangeReason.FeeNotPaid, "Demo: the annual fee is overdue.");
            }

            if (certificates.Count >= 3)
            {
                await ChangeAsync(context, certificates[1].Serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "Demo: the seal was shown on a product it does not cover.");
            }
        }
    }

    /// <summary>What the certifier does on Certify/Certificate.</summary>
    private static Task ChangeAsync(DemoContext context, string serial, StatusChange change, StatusChangeReason reason, string details) =>
        context.AtAsync(context.Now, async services =>
        {
            var changed = await services.GetRequiredService<CertificateStatusChanges>()
                .ApplyAsync(serial, change, reason, details, context.Cast.Certifier.Actor, null, context.CancellationToken);
            if (changed is null)
            {
                throw new InvalidOperationException($"Demo certificate {serial} is missing.");
            }
        });
}
