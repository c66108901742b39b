using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Demo;
using SealService.Admin;
using SealService.Audit;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

public sealed class AuditDemoStageTests : IDisposable
{
    private readonly SealServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Demo_data_has_every_audit_state_for_every_program_and_an_intact_audit_chain()
    {
        await _factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());

        await _factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var auditor = await db.Users.SingleAsync(u => u.Email == DemoSeeder.AuditorEmail);
            var applications = await db.Applications.AsNoTracking().Include(a => a.Assessments).Include(a => a.Declarations).Include(a => a.Revisions).AsSplitQuery().ToListAsync();
            foreach (var program in new[] { "smig", "shig", "rwts" })
            {
                var mine = applications.Where(a => a.ProgramId == program).ToList();
                var inAudit = Assert.Single(mine, a => a.Status == ApplicationStatus.InAudit);
                Assert.Equal(auditor.Id, inAudit.AuditorId);
                Assert.InRange(inAudit.Assessments.Count, 1, inAudit.Declarations.Count - 1);
                Assert.Single(mine, a => a.Status == ApplicationStatus.ChangesRequested);
                var recommended = Assert.Single(mine, a => a.Status == ApplicationStatus.Recommended);
                Assert.Equal(true, recommended.RecommendApproval);
                Assert.Equal(recommended.RecommendationChecklistDigest, AuditChecklist.ComputeDigest(recommended));
                Assert.Single(mine, a => a.Status == ApplicationStatus.Rejected);
            }

            var entries = await db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
            Assert.Null(AuditChain.Verify(entries, sp.GetRequiredService<AuditChainKey>()));
        });
    }
}
