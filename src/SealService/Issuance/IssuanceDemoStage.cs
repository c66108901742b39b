using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SealService.Apply;
using SealService.Audit;
using SealService.Data;
using SealService.Data.Demo;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Keys;
using SealService.Programs;

namespace SealService.Issuance;

/// <summary>
/// Demo certificates for all three programs: applications walk the whole way through the domain (start, declare, evidence,
/// submit, assign, assess, recommend, decide) with the demo users, then the issuance pipeline signs them. Per program three
/// current certificates (the verification stage suspends one and revokes one) and one issued 13 months ago, now expired.
/// </summary>
/// <remarks>
/// The expired certificate is signed for real by the same pipeline running on a clock 13 months behind, so its signing time,
/// issue date and validity agree. A key may only sign within its own validity; fresh development keys are therefore created
/// as if they had existed since then. An existing key store is never altered: if its active key is younger, the expired
/// certificates are left out rather than signed with a key that did not exist yet.
/// </remarks>
public sealed class IssuanceDemoStage(CertificateIssuance issuance, DataPaths paths, KeyStoreLocation keys, IServiceProvider services, ILogger<IssuanceDemoStage> logger)
    : IDemoStage
{
    /// <summary>How long ago the expired demo certificates were issued; with the programs' 12 months they ran out a month ago.</summary>
    public const int ExpiredIssuedMonthsAgo = 13;

    public int Order => 30;

    /// <summary>Demo certificates are signed only with throwaway keys: never with a key store that could make them look genuine.</summary>
    public void EnsureAllowed()
    {
        if (!keys.IsDevelopmentStore)
        {
            throw new InvalidOperationException(
                $"Demo data is signed only with development keys, and the key store in {keys.Store.Directory} is not one. Demo seeding refused.");
        }
    }

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        EnsureAllowed();
        var now = context.Time.GetUtcNow();
        var past = now.AddMonths(-ExpiredIssuedMonthsAgo);
        // Before anything signs: the first signature would otherwise create development keys valid only from now.
        var canSignInThePast = keys.EnsureCreatedSince(past.AddDays(-1));
        var german = context.GermanOrganizations;
        var rwandan = context.RwandanOrganizations;
        if (canSignInThePast)
        {
            var shifted = new ShiftedTimeProvider(context.Time, past - now);
            var pastContext = new DemoContext(context.Db, context.Programs, shifted, context.Audit, german, rwandan, context.Applicants, context.Faker, context.CancellationToken);
            var pastIssuance = ActivatorUtilities.CreateInstance<CertificateIssuance>(services, (TimeProvider)shifted);
            foreach (var (organization, program) in new[] { (german[3], "smig"), (german[1], "shig"), (rwandan[0], "rwts") })
            {
                await IssueAsync(pastContext, pastIssuance, organization, program);
            }
        }
        else
        {
            logger.LogWarning(
                "The key store in {Directory} has no active key that existed {Months} months ago, so the demo data has no expired certificates. Delete the development key folder to get them.",
                keys.Store.Directory, ExpiredIssuedMonthsAgo);
        }

        // A development store created for the past has left its signing period by now: rotate, as an operator would.
        keys.RotateDevelopmentKeyIfDue(now, FileKeyStore.LongestSealValidityMonths);
        var current = new[]
        {
            (german[1], "smig"), (german[2], "smig"), (german[0], "smig"),
            (german[2], "shig"), (german[3], "shig"), (german[0], "shig"),
            (rwandan[1], "rwts"), (rwandan[0], "rwts"), (rwandan[1], "rwts"),
        };
        foreach (var (organization, program) in current)
        {
            await IssueAsync(context, issuance, organization, program);
        }
    }

    private async Task IssueAsync(DemoContext context, CertificateIssuance pipeline, Organization organization, string program)
    {
        var auditor = await context.Db.Users.SingleAsync(u => u.Email == DemoSeeder.AuditorEmail, context.CancellationToken);
        var certifier = await context.Db.Users.SingleAsync(u => u.Email == DemoSeeder.CertifierEmail, context.CancellationToken);
        var applicant = context.Applicants.First(u => u.OrganizationId == organization.Id);
        var draft = await context.StartDraftAsync(organization, applicant, program, partlyAnswered: false);
        var catalog = context.Programs.Get(draft.ProgramId, draft.CatalogVersion);
        await ApproveAsync(context.Db, context.Audit, paths, catalog, draft,
            DemoContext.ActorFor(applicant, Roles.Applicant), DemoContext.ActorFor(auditor, Roles.Auditor), DemoContext.ActorFor(certifier, Roles.Certifier),
            context.Time.GetUtcNow(), context.CancellationToken);
        await pipeline.IssueAsync(draft.Id, DemoContext.ActorFor(certifier, Roles.Certifier), context.CancellationToken);
    }

    /// <summary>
    /// Takes a draft with all answers given to Approved: evidence for every criterion that needs it, submission, audit with
    /// every criterion conforming, recommendation and the certifier's decision. Demo data and tests use it.
    /// </summary>
    public static async Task ApproveAsync(AppDbContext db, AuditTrail audit, DataPaths paths, CriteriaCatalog catalog, SealApplication application,
        Actor applicant, Actor auditor, Actor certifier, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var checklist = await RecommendAsync(db, paths, catalog, application, applicant, auditor, now, ct);
        application.Decide(true, "Audit result confirmed.", checklist, checklist, certifier, now);
        audit.Record(certifier, "application.approved", nameof(SealApplication), application.Id.ToString(), after: new { application.ProgramId, application.ProductName });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Evidence, submission, assessment and a recommendation to approve; returns the checklist digest to decide on.</summary>
    public static async Task<string> RecommendAsync(AppDbContext db, DataPaths paths, CriteriaCatalog catalog, SealApplication application,
        Actor applicant, Actor auditor, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(application);
        foreach (var criterion in catalog.Criteria.Where(c => c.EvidenceRequired))
        {
            var content = Encoding.UTF8.GetBytes($"Evidence for {criterion.Id}: {criterion.Evidence.In("en")}\n");
            var stored = $"{Guid.NewGuid():N}.txt";
            await File.WriteAllBytesAsync(Path.Combine(paths.Evidence, stored), content, ct);
            application.AddEvidence(new EvidenceFile(application.Id, criterion.Id, $"{criterion.Id}.txt", stored, "text/plain", content.Length,
                Convert.ToHexStringLower(SHA256.HashData(content)), null, applicant, now), applicant, now);
        }

        var organization = application.Organization ?? await db.Organizations.SingleAsync(o => o.Id == application.OrganizationId, ct);
        var (snapshot, digest) = ApplicationSnapshot.Build(application, organization, catalog, application.CurrentRevision + 1);
        application.Submit(catalog, new Attestation(applicant.DisplayName, "Managing director", catalog.Attestation.In(catalog.DefaultLanguage)), snapshot, digest, applicant, now);
        application.AssignAuditor(auditor, auditor, now);
        var evidence = application.Evidence.Where(e => e.IsCurrent).ToList();
        foreach (var criterion in catalog.Criteria)
        {
            application.Assess(criterion.Id, AssessmentResult.Conforms, "Checked against the evidence; conforms.",
                evidence.Where(e => e.CriterionId == criterion.Id).Select(e => e.Sha256), auditor, now);
        }

        // The same digest the auditor's page records, so a certifier can decide this recommendation through the real page.
        var checklist = AuditChecklist.ComputeDigest(application);
        application.Recommend(true, "All criteria conform; recommended for approval.", checklist, auditor, now);
        await db.SaveChangesAsync(ct);
        return checklist;
    }
}
