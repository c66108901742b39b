using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Demo;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Programs;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

public sealed class ApplyDemoStageTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task Demo_data_holds_a_complete_draft_and_a_submitted_application_for_every_program()
    {
        await factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());

        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var programs = sp.GetRequiredService<SealProgramCatalog>();
            var applications = await db.Applications.AsNoTracking().Include(a => a.Declarations).Include(a => a.Evidence).Include(a => a.Revisions).AsSplitQuery().ToListAsync();
            foreach (var program in new[] { "smig", "shig", "rwts" })
            {
                var catalog = programs.FindProgram(program)!.Current;
                var ready = applications.Where(a => a.ProgramId == program && a.Status == ApplicationStatus.Draft && a.SubmissionBlockers(catalog).Count == 0);
                Assert.NotEmpty(ready);
                var submitted = Assert.Single(applications, a => a.ProgramId == program && a.Status == ApplicationStatus.Submitted);
                var revision = Assert.Single(submitted.Revisions);
                Assert.False(string.IsNullOrWhiteSpace(revision.AttestationText));
                Assert.Contains(submitted.Evidence[0].Sha256, revision.SnapshotJson, StringComparison.Ordinal);
            }
        });
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(factory.DataDirectory, "evidence"), "*.pdf"));
    }
}
