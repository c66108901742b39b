using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Audit;
using SealService.Data;
using SealService.Demo;
using SealService.Demo.Stages;
using SealService.Domain;
using SealService.Tests.Support;

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
        var certifierUser = await factory.CreateUserAsync(Roles.Certifier);

        var statuses = await factory.WithScopeAsync(async sp =>
        {
            var certifier = new DemoPerson(certifierUser.Id, certifierUser.Email!, certifierUser.DisplayName,
                (await sp.GetRequiredService<StaffDirectory>().ActorAsync(certifierUser.Id))!);
            var stage = sp.GetServices<IDemoStage>().OfType<VerificationDemoStage>().Single();
            Assert.Equal(40, stage.Order);
            await stage.SeedAsync(new DemoContext(sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<ShiftedTimeProvider>(),
                new DemoCast(certifier, certifier, [], []), new Faker(), CancellationToken.None));
            var db = sp.GetRequiredService<AppDbContext>();
            return await db.Certificates.AsNoTracking().Select(c => new { c.ProgramId, c.Status, c.StatusChangedById }).ToListAsync();
        });

        var smig = statuses.Where(s => s.ProgramId == "smig").ToList();
        Assert.Equal([CertificateStatus.Active, CertificateStatus.Suspended, CertificateStatus.Revoked], smig.Select(s => s.Status).Order());
        Assert.All(smig.Where(s => s.Status != CertificateStatus.Active), s => Assert.Equal(certifierUser.Id, s.StatusChangedById));
        Assert.Equal(CertificateStatus.Active, statuses.Single(s => s.ProgramId == "rwts").Status);
    }
}
