using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Issuance;
using SealService.Programs;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Issuance;

/// <summary>Builds approved applications through the domain (all the way from Start to Decide) for issuance tests.</summary>
internal static class IssuedCertificates
{
    private static int _counter;

    public static async Task<(SealApplication Application, Organization Organization, AppUser Applicant, Actor Certifier)> ApprovedAsync(
        SealServiceFactory factory, string programId = "smig", Guid? renews = null, Organization? organization = null, AppUser? applicant = null)
    {
        var certifierUser = await factory.CreateUserAsync(Roles.Certifier);
        var certifier = DomainShortcuts.ActorFor(certifierUser, Roles.Certifier);
        var (application, org, member) = await BuildAsync(factory, programId, renews, organization, applicant, null,
            (sp, app, applicantActor, auditor, catalog, now) => DomainShortcuts.ApproveAsync(sp.GetRequiredService<AppDbContext>(), sp.GetRequiredService<AuditTrail>(),
                sp.GetRequiredService<DataPaths>(), catalog, app, applicantActor, auditor, certifier, now, CancellationToken.None));
        return (application, org, member, certifier);
    }

    /// <summary>Submitted, audited and recommended for approval by <paramref name="auditorUser"/>: waiting for a certifier's decision.</summary>
    public static async Task<SealApplication> RecommendedAsync(SealServiceFactory factory, AppUser auditorUser, string programId = "smig") =>
        (await BuildAsync(factory, programId, null, null, null, auditorUser,
            (sp, app, applicantActor, auditor, catalog, now) => DomainShortcuts.RecommendAsync(sp.GetRequiredService<AppDbContext>(),
                sp.GetRequiredService<DataPaths>(), catalog, app, applicantActor, auditor, now, CancellationToken.None))).Application;

    private static async Task<(SealApplication Application, Organization Organization, AppUser Applicant)> BuildAsync(
        SealServiceFactory factory, string programId, Guid? renews, Organization? organization, AppUser? applicant, AppUser? auditorUser,
        Func<IServiceProvider, SealApplication, Actor, Actor, CriteriaCatalog, DateTimeOffset, Task> advance)
    {
        var number = Interlocked.Increment(ref _counter);
        organization ??= Organization.Create(new OrganizationProfile($"Prüfwerk {number} GmbH", "GmbH", $"HRB {10000 + number}", "DE", "Hauptstraße 1", "10115", "Berlin",
            $"https://pruefwerk{number}.example", "Erika Muster", $"info@pruefwerk{number}.example", false), factory.Time.GetUtcNow());
        applicant ??= await factory.CreateUserAsync(Roles.Applicant, organization);
        auditorUser ??= await factory.CreateUserAsync(Roles.Auditor);
        var application = await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var org = await db.Organizations.FindAsync(organization.Id) ?? throw new InvalidOperationException("organization missing");
            var catalog = sp.GetRequiredService<SealProgramCatalog>().FindProgram(programId)!.Current;
            var applicantActor = DomainShortcuts.ActorFor(applicant, Roles.Applicant);
            var now = factory.Time.GetUtcNow();
            var app = SealApplication.Start(org, catalog, new ProductInfo($"Prüfwerk Cloud {number}", "3.1", "Cloud software", null), applicantActor, now, renews);
            foreach (var criterion in catalog.Criteria)
            {
                app.Declare(criterion.Id, DeclarationAnswer.Met, $"We meet {criterion.Id} as documented.", applicantActor, now);
            }

            db.Applications.Add(app);
            await db.SaveChangesAsync();
            await advance(sp, app, applicantActor, DomainShortcuts.ActorFor(auditorUser, Roles.Auditor), catalog, now);
            return app;
        });
        return (application, organization, applicant);
    }

    public static Task<Certificate> IssueAsync(SealServiceFactory factory, Guid applicationId, Actor by) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuance>().IssueAsync(applicationId, by, CancellationToken.None));
}
