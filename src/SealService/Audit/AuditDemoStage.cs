using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using SealService.Data.Demo;
using SealService.Admin;
using SealService.Apply;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;

namespace SealService.Audit;

/// <summary>
/// Demo applications on the certification body's side for every program: one in audit (assigned to the demo auditor,
/// half of the criteria assessed), one waiting for the applicant's changes, one recommended for approval and one rejected,
/// each submitted, audited and decided on its own day in the past.
/// </summary>
public sealed class AuditDemoStage(UserManager<AppUser> users, DataPaths paths) : IDemoStage
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public int Order => 20;

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var auditorUser = await users.FindByEmailAsync(DemoSeeder.AuditorEmail) ?? throw new InvalidOperationException("The demo auditor is missing.");
        var certifierUser = await users.FindByEmailAsync(DemoSeeder.CertifierEmail) ?? throw new InvalidOperationException("The demo certifier is missing.");
        var auditor = DemoContext.ActorFor(auditorUser, Roles.Auditor);
        var certifier = DemoContext.ActorFor(certifierUser, Roles.Certifier);
        var targets = new[]
        {
            (Organization: context.GermanOrganizations[1], Program: "smig"),
            (Organization: context.GermanOrganizations[2], Program: "shig"),
            (Organization: context.RwandanOrganizations[1], Program: "rwts"),
        };
        for (var i = 0; i < targets.Length; i++)
        {
            // Each step happened on its own past day, so the queues show real waiting days and one step per queue overdue.
            DemoContext DaysAgo(int days) => context.Ago(TimeSpan.FromDays(days));
            var (organization, program) = targets[i];
            var applicant = context.Applicants.First(u => u.OrganizationId == organization.Id);
            await InAuditAsync(DaysAgo(6 + (14 * i)), DaysAgo(4 + (10 * i)), organization, applicant, program, auditor, certifier);
            await ChangesRequestedAsync(DaysAgo(18 + (2 * i)), DaysAgo(5), organization, applicant, program, auditor, certifier);
            await RecommendedAsync(DaysAgo(25 + i), DaysAgo(2 + (5 * i)), organization, applicant, program, auditor, certifier, approve: true);
            var rejected = await RecommendedAsync(DaysAgo(45), DaysAgo(20), organization, applicant, program, auditor, certifier, approve: false);
            var now = DaysAgo(15).Time.GetUtcNow();
            var digest = AuditChecklist.ComputeDigest(rejected);
            rejected.Decide(false, "A major nonconformity remains open; the product does not meet the program's requirements.", digest, digest, certifier, now);
            context.Audit.Record(certifier, "certification.rejected", nameof(SealApplication), rejected.Id.ToString(),
                new { Status = ApplicationStatus.Recommended }, new { rejected.Status, reason = rejected.DecisionReason });
            await context.Db.SaveChangesAsync(context.CancellationToken);
        }
    }

    private async Task InAuditAsync(DemoContext submitted, DemoContext context, Organization organization, AppUser applicant, string program, Actor auditor, Actor certifier)
    {
        var application = await SubmittedAsync(submitted, organization, applicant, program);
        Assign(context, application, auditor, certifier);
        var criteria = CriteriaInOrder(context, application);
        foreach (var criterionId in criteria.Take(criteria.Count / 2))
        {
            Assess(context, application, criterionId, AssessmentResult.Conforms, "Declaration and evidence are consistent.", auditor);
        }

        await context.Db.SaveChangesAsync(context.CancellationToken);
    }

    private async Task ChangesRequestedAsync(DemoContext submitted, DemoContext context, Organization organization, AppUser applicant, string program, Actor auditor, Actor certifier)
    {
        var application = await SubmittedAsync(submitted, organization, applicant, program);
        Assign(context, application, auditor, certifier);
        var criteria = CriteriaInOrder(context, application);
        Assess(context, application, criteria[0], AssessmentResult.MinorNonconformity, "The evidence does not show where development takes place.", auditor);
        var requests = application.RequestChanges(
            new Dictionary<string, string> { [criteria[0]] = "Please upload a current document that shows the address of the development team." },
            auditor, context.Time.GetUtcNow());
        context.Audit.Record(auditor, "audit.changes-requested", nameof(SealApplication), application.Id.ToString(),
            new { Status = ApplicationStatus.InAudit }, new { application.Status, questions = requests.Select(r => new { criterion = r.CriterionId, r.Question }) });
        await context.Db.SaveChangesAsync(context.CancellationToken);
    }

    private async Task<SealApplication> RecommendedAsync(DemoContext submitted, DemoContext context, Organization organization, AppUser applicant, string program, Actor auditor, Actor certifier, bool approve)
    {
        var application = await SubmittedAsync(submitted, organization, applicant, program);
        Assign(context, application, auditor, certifier);
        var criteria = CriteriaInOrder(context, application);
        foreach (var criterionId in criteria)
        {
            var major = !approve && criterionId == criteria[^1];
            Assess(context, application, criterionId, major ? AssessmentResult.MajorNonconformity : AssessmentResult.Conforms,
                major ? "The declared reference customer could not confirm the product's use." : "Declaration and evidence are consistent.", auditor);
        }

        var digest = AuditChecklist.ComputeDigest(application);
        var summary = approve
            ? "All criteria conform; the evidence is current and consistent with the declarations."
            : "A major nonconformity: a mandatory criterion is not met.";
        application.Recommend(approve, summary, digest, auditor, context.Time.GetUtcNow());
        context.Audit.Record(auditor, "audit.recommended", nameof(SealApplication), application.Id.ToString(),
            new { Status = ApplicationStatus.InAudit }, new { application.Status, approve, summary, checklistDigest = digest });
        await context.Db.SaveChangesAsync(context.CancellationToken);
        return application;
    }

    private async Task<SealApplication> SubmittedAsync(DemoContext context, Organization organization, AppUser applicantUser, string program)
    {
        var application = await context.StartDraftAsync(organization, applicantUser, program, partlyAnswered: false);
        var applicant = DemoContext.ActorFor(applicantUser, Roles.Applicant);
        var catalog = context.Programs.Get(application.ProgramId, application.CatalogVersion);
        var now = context.Time.GetUtcNow();
        foreach (var criterion in catalog.Criteria.Where(c => c.EvidenceRequired))
        {
            var content = ApplyDemoStage.DemoPdf($"{criterion.Id}: {criterion.Title.In("en")} - {organization.LegalName}");
            var storedName = Guid.NewGuid().ToString("N");
            await File.WriteAllBytesAsync(Path.Combine(paths.Evidence, storedName), content, context.CancellationToken);
            var file = new EvidenceFile(application.Id, criterion.Id, $"{criterion.Id.ToLowerInvariant()}-evidence.pdf", storedName, "application/pdf",
                content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), DateOnly.FromDateTime(now.UtcDateTime).AddYears(1), applicant, now);
            application.AddEvidence(file, applicant, now);
        }

        var (snapshot, snapshotDigest) = ApplicationSnapshot.Build(application, organization, catalog, application.CurrentRevision + 1);
        var attestation = new Attestation(organization.ContactName, "Managing Director", catalog.Attestation.In("en"));
        application.Submit(catalog, attestation, snapshot, snapshotDigest, applicant, now);
        context.Audit.Record(applicant, "application.submitted", nameof(SealApplication), application.Id.ToString(),
            new { Status = ApplicationStatus.Draft }, new { application.Status, revision = application.CurrentRevision, digest = snapshotDigest });
        await context.Db.SaveChangesAsync(context.CancellationToken);
        return application;
    }

    private static void Assign(DemoContext context, SealApplication application, Actor auditor, Actor certifier)
    {
        application.AssignAuditor(auditor, certifier, context.Time.GetUtcNow());
        context.Audit.Record(certifier, "audit.assigned", nameof(SealApplication), application.Id.ToString(),
            new { Status = ApplicationStatus.Submitted, AuditorId = (string?)null }, new { application.Status, application.AuditorId, auditor = auditor.DisplayName });
    }

    private static void Assess(DemoContext context, SealApplication application, string criterionId, AssessmentResult result, string comment, Actor auditor)
    {
        var reviewed = application.Evidence.Where(e => e.CriterionId == criterionId && e.IsCurrent).Select(e => e.Sha256).ToList();
        application.Assess(criterionId, result, comment, reviewed, auditor, context.Time.GetUtcNow());
        context.Audit.Record(auditor, "audit.assessed", nameof(SealApplication), application.Id.ToString(),
            after: new { criterion = criterionId, result, comment, reviewedEvidence = reviewed });
    }

    private static List<string> CriteriaInOrder(DemoContext context, SealApplication application) =>
        context.Programs.Get(application.ProgramId, application.CatalogVersion).Criteria.OrderBy(c => c.Order).Select(c => c.Id).ToList();
}
