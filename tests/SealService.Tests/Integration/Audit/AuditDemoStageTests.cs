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

    /// <summary>
    /// Issue 12 item 7: the queues showed "0 days waiting" and one due date on every row because every demo application was
    /// submitted, audited and recommended at the moment of seeding. Seeded on the same clock, they now wait different numbers of days.
    /// </summary>
    [Fact]
    public async Task Demo_queues_show_different_waiting_days_and_something_overdue_right_after_seeding()
    {
        await _factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());

        await _factory.WithScopeAsync(async sp =>
        {
            var viewer = ApplicationTestData.Staff("queue-viewer", Roles.Auditor, Roles.Certifier);
            var audit = await sp.GetRequiredService<AuditWorkflow>().QueueAsync(new AuditQueueFilter(null, null, null, AuditQueueFilter.Anyone), viewer);
            var decisions = await sp.GetRequiredService<SealService.Certify.CertificationDecisions>().AwaitingDecisionAsync(viewer);

            Assert.NotEmpty(decisions);
            Assert.All(audit, r => Assert.True(r.DaysWaiting > 0, $"{r.ProductName} ({r.Status}) waits 0 days."));
            Assert.True(audit.Select(r => r.DaysWaiting).Distinct().Count() > 5, string.Join(", ", audit.Select(r => r.DaysWaiting)));
            Assert.True(audit.Select(r => r.DueOn).Distinct().Count() > 5);
            Assert.Contains(audit, r => r.Status != ApplicationStatus.Recommended && r.IsOverdue);
            Assert.Contains(audit, r => r.Status != ApplicationStatus.Recommended && !r.IsOverdue);
            Assert.Contains(decisions, r => r.IsOverdue);
            Assert.Contains(decisions, r => !r.IsOverdue);
            Assert.All(decisions, r => Assert.Equal(r.WaitingSince + ServiceTargets.Decision, r.DueOn));
        });
    }
}
