using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Issuance;
using SealService.Programs;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Renewal;

/// <summary>A certificate issued through the real pipeline to a fresh organization with a signed-in-able member, plus the renewal helpers.</summary>
internal static class RenewalScenario
{
    private static int _counter;

    public static async Task<IssuedScenario> IssuedAsync(SealServiceFactory factory, bool withExpiredEvidence = false)
    {
        var number = Interlocked.Increment(ref _counter);
        var organization = Organization.Create(new OrganizationProfile($"Erneuerbar {number} GmbH", "GmbH", $"HRB {20000 + number}", "DE", "Ringstraße 2", "10115", "Berlin",
            null, "Rita Renner", $"info@erneuerbar{number}.example", false), factory.Time.GetUtcNow());
        var applicant = await factory.CreateUserAsync(Roles.Applicant, organization);
        var auditor = DomainShortcuts.ActorFor(await factory.CreateUserAsync(Roles.Auditor), Roles.Auditor);
        var certifier = DomainShortcuts.ActorFor(await factory.CreateUserAsync(Roles.Certifier), Roles.Certifier);
        var applicantActor = DomainShortcuts.ActorFor(applicant, Roles.Applicant);
        var (applicationId, expired) = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var paths = sp.GetRequiredService<DataPaths>();
            var catalog = sp.GetRequiredService<SealProgramCatalog>().FindProgram("smig")!.Current;
            var now = factory.Time.GetUtcNow();
            var org = await db.Organizations.SingleAsync(o => o.Id == organization.Id);
            var application = SealApplication.Start(org, catalog, new ProductInfo($"Erneuerbar Suite {number}", "7.0", "Planning software", "https://suite.example"), applicantActor, now);
            foreach (var criterion in catalog.Criteria)
            {
                application.Declare(criterion.Id, DeclarationAnswer.Met, $"We meet {criterion.Id}: procedure {number}.", applicantActor, now);
            }

            EvidenceFile? expiredFile = null;
            if (withExpiredEvidence)
            {
                var criterion = catalog.Criteria.First(c => c.EvidenceRequired);
                var content = Encoding.UTF8.GetBytes($"Pen test report {number}, valid for one day");
                var stored = $"{Guid.NewGuid():N}.txt";
                await File.WriteAllBytesAsync(Path.Combine(paths.Evidence, stored), content);
                expiredFile = new EvidenceFile(application.Id, criterion.Id, "pentest-old.txt", stored, "text/plain", content.Length,
                    Convert.ToHexStringLower(SHA256.HashData(content)), DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1), applicantActor, now);
                application.AddEvidence(expiredFile, applicantActor, now);
            }

            db.Applications.Add(application);
            await db.SaveChangesAsync();
            await DomainShortcuts.ApproveAsync(db, sp.GetRequiredService<AuditTrail>(), paths, catalog, application, applicantActor, auditor, certifier, now, CancellationToken.None);
            return (application.Id, expiredFile);
        });
        var certificate = await factory.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuance>().IssueAsync(applicationId, certifier, CancellationToken.None));
        return new IssuedScenario(certificate, applicationId, organization, applicant, auditor, certifier, expired);
    }

    /// <summary>
    /// Brings the certificate into its renewal window: it now expires in 30 days. (The stored end date is moved instead of
    /// the shared test clock, which would run past the signing key's lifetime after a few tests.)
    /// </summary>
    public static Task MoveIntoRenewalWindow(SealServiceFactory factory, IssuedScenario scenario) =>
        factory.WithScopeAsync(async sp =>
        {
            var validUntil = factory.Time.GetUtcNow().AddDays(30);
            await sp.GetRequiredService<AppDbContext>().Certificates.Where(c => c.Id == scenario.Certificate.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(c => c.ValidUntil, validUntil));
        });

    /// <summary>Audit and approval of a renewal through the domain, as the certification body would do it.</summary>
    public static Task ApproveAsync(SealServiceFactory factory, IssuedScenario scenario, Guid renewalId) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var application = await db.Applications.Include(a => a.Organization).Include(a => a.Declarations).Include(a => a.Evidence)
                .Include(a => a.Revisions).Include(a => a.Assessments).Include(a => a.ChangeRequests).AsSplitQuery().SingleAsync(a => a.Id == renewalId);
            var catalog = sp.GetRequiredService<SealProgramCatalog>().Get(application.ProgramId, application.CatalogVersion);
            await DomainShortcuts.ApproveAsync(db, sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<DataPaths>(), catalog, application,
                DomainShortcuts.ActorFor(scenario.Applicant, Roles.Applicant), scenario.Auditor, scenario.Certifier, factory.Time.GetUtcNow(), CancellationToken.None);
        });
}

internal sealed record IssuedScenario(Certificate Certificate, Guid ApplicationId, Organization Organization, AppUser Applicant, Actor Auditor, Actor Certifier,
    EvidenceFile? ExpiredEvidence);
