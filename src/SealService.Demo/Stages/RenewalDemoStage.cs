using Microsoft.EntityFrameworkCore;
using SealService.Data;
using SealService.Domain;
using SealService.Renewal;

namespace SealService.Demo.Stages;

/// <summary>
/// A renewal in progress: the holder of the expired demo seal of "Software Made in Germany" (still within the grace period)
/// started its renewal two days ago, with the answers carried over from the renewed application.
/// </summary>
public sealed class RenewalDemoStage : IDemoStage
{
    public int Order => 50;

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = context.Now;
        var expired = await context.AtAsync(now, async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var certificates = await db.Certificates.AsNoTracking()
                .Where(c => c.ProgramId == "smig" && c.Status == CertificateStatus.Active)
                .Join(db.Applications, c => c.ApplicationId, a => a.Id, (c, a) => new { Certificate = c, a.OrganizationId })
                .ToListAsync(context.CancellationToken);
            return certificates.Where(c => c.Certificate.IsExpiredAt(now) && c.Certificate.IsRenewableAt(now)).OrderBy(c => c.Certificate.Serial).FirstOrDefault();
        });
        if (expired is null)
        {
            return; // the key store was too young for expired demo seals (see the issuance stage)
        }

        var holder = context.Cast.Organization(expired.OrganizationId);
        await context.AtAsync(now.AddDays(-2), async services =>
        {
            var renewal = await services.GetRequiredService<RenewalWorkflow>().StartAsync(expired.Certificate.Serial, holder.Member.Actor, context.CancellationToken);
            if (renewal is null)
            {
                throw new InvalidOperationException($"{holder.LegalName} cannot renew demo certificate {expired.Certificate.Serial}.");
            }
        });
    }
}
