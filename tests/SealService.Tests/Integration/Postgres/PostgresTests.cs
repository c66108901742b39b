using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Postgres;

/// <summary>
/// The scale-out path: the same app on PostgreSQL with its own migrations. `./test.sh` starts a local PostgreSQL 15
/// and sets SEALSERVICE_TEST_POSTGRES; each test class gets a fresh database that is dropped afterwards.
/// </summary>
public sealed class PostgresFactory : SealServiceFactory
{
    public static string BaseConnectionString =>
        Environment.GetEnvironmentVariable("SEALSERVICE_TEST_POSTGRES")
        ?? throw new InvalidOperationException("SEALSERVICE_TEST_POSTGRES is not set. Run ./test.sh, which starts PostgreSQL, or point it at a server where the user may create databases.");

    public string ConnectionString { get; } = $"{BaseConnectionString};Database=sealservice_test_{Guid.NewGuid():N}";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = ConnectionString,
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            using var db = new SealService.Data.Postgres.PostgresAppDbContext(
                new DbContextOptionsBuilder<SealService.Data.Postgres.PostgresAppDbContext>().UseNpgsql(ConnectionString).Options);
            db.Database.EnsureDeleted();
        }
    }
}

public sealed class PostgresTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [Fact]
    public async Task Service_migrates_and_serves_on_postgres()
    {
        var client = factory.CreateBrowserClient();
        var health = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var provider = await factory.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<AppDbContext>().Database.ProviderName));
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", provider);
    }

    [Fact]
    public async Task Accounts_audit_chain_and_data_protection_keys_live_in_postgres()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        var page = await client.GetDocumentAsync("/Admin/Programs");
        Assert.Contains("Software Made in Germany", page.Body!.TextContent, StringComparison.Ordinal);

        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            Assert.True(await db.DataProtectionKeys.AnyAsync(), "the sign-in cookie's key ring must be stored in the shared database");
            sp.GetRequiredService<SealService.Infrastructure.AuditTrail>().Record(Actor.System, "test.entry", "Test", "1", after: new { ok = true });
            sp.GetRequiredService<SealService.Infrastructure.AuditTrail>().Record(Actor.System, "test.entry", "Test", "2");
            await db.SaveChangesAsync();
            var entries = await db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
            Assert.Null(AuditChain.Verify(entries, sp.GetRequiredService<AuditChainKey>()));
            Assert.True(entries.Count >= 2);
        });
    }

    [Fact]
    public async Task Queues_and_a_resubmission_that_carries_results_over_work_on_postgres()
    {
        var scenario = new SealService.Tests.Integration.Audit.AuditScenario(factory);
        var (organization, applicantUser) = await scenario.NewApplicantAsync();
        var applicant = ApplicationTestData.ApplicantOf(organization, applicantUser.Id);
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var auditor = SealService.Tests.Integration.Audit.AuditScenario.ActorOf(auditorUser, Roles.Auditor);
        var id = await scenario.StoreAsync(d =>
        {
            var application = d.InAudit(organization, applicant, auditor);
            d.AssessAll(application, auditor);
            application.RequestChanges(new Dictionary<string, string> { [application.Declarations[0].CriterionId] = "Why?" }, auditor, d.Now);
            return application;
        });
        var recommended = await scenario.StoreAsync(d => d.Recommended(organization, applicant, auditor));
        factory.Time.Advance(TimeSpan.FromDays(1));
        await factory.WithScopeAsync(async sp =>
        {
            var workflow = sp.GetRequiredService<SealService.Apply.ApplicationWorkflow>();
            var application = await workflow.FindForMemberAsync(id, applicant) ?? throw new InvalidOperationException("Not found.");
            await workflow.AnswerChangeRequestAsync(application, application.ChangeRequests.Single().Id, "Because.", applicant);
            await workflow.SubmitAsync(application, "Maria Muster", "CEO", "en", applicant);
        });
        factory.Time.Advance(TimeSpan.FromDays(2));

        var stored = await scenario.LoadAsync(id);
        Assert.Equal(stored.Declarations.Count - 1, stored.Assessments.Count(a => a.CarriedFromRevision == 1 && a.Revision == 2));
        Assert.All(stored.Revisions, r => Assert.NotEmpty(r.CriterionDigests));
        var client = await scenario.SignedInAsync(auditorUser);
        var row = (await client.GetDocumentAsync("/Audit")).GetElementById($"queue-row-{id}")!.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("2", row[5]);
        var certifier = await scenario.SignedInAsync(await factory.CreateUserAsync(Roles.Certifier));
        var decision = (await certifier.GetDocumentAsync("/Certify")).GetElementById($"decision-row-{recommended}")!.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal("Software Made in Germany", decision[2]);
        Assert.Equal("3", decision[4]);
    }
}
