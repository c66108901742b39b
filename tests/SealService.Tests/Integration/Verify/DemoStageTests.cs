using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data.Demo;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Programs;
using SealService.Tests.Support;
using SealService.Verify;

namespace SealService.Tests.Integration.Verify;

public sealed class DemoStageTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    [Fact]
    public async Task Demo_stage_suspends_one_and_revokes_one_certificate_per_program_and_keeps_one_active()
    {
        for (var i = 0; i < 3; i++)
        {
            await factory.Issuer.IssueAsync(factory, programId: "smig");
        }

        await factory.Issuer.IssueAsync(factory, programId: "rwts", country: "RW");

        var statuses = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var stage = sp.GetServices<IDemoStage>().OfType<VerificationDemoStage>().Single();
            Assert.Equal(40, stage.Order);
            await stage.SeedAsync(new DemoContext(db, sp.GetRequiredService<SealProgramCatalog>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<AuditTrail>(), [], [], [], new Faker(), CancellationToken.None));
            return await db.Certificates.AsNoTracking().Select(c => new { c.ProgramId, c.Status }).ToListAsync();
        });

        var smig = statuses.Where(s => s.ProgramId == "smig").Select(s => s.Status).Order().ToList();
        Assert.Equal([CertificateStatus.Active, CertificateStatus.Suspended, CertificateStatus.Revoked], smig);
        Assert.Equal(CertificateStatus.Active, statuses.Single(s => s.ProgramId == "rwts").Status);
    }
}
