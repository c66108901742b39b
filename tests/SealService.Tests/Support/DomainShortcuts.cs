using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SealService.Apply;
using SealService.Audit;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Programs;

namespace SealService.Tests.Support;

/// <summary>
/// Test set-up straight through the domain, without the pages or their services (and without their mails): for tests that
/// need an application in a given state and are about what comes after it. The demo data walks the real services instead.
/// Shared with the end-to-end tests (linked there).
/// </summary>
public static class DomainShortcuts
{
    /// <summary>An actor for <paramref name="user"/> in one role, as the domain sees a signed-in user.</summary>
    public static Actor ActorFor(AppUser user, string role)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new Actor(user.Id, user.DisplayName, user.OrganizationId, new HashSet<string>([role]));
    }

    /// <summary>
    /// Takes a draft with all answers given to Approved (not issued): evidence for every criterion that needs it, submission,
    /// audit with every criterion conforming, recommendation and the certifier's decision.
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
