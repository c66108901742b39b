using SealService.Infrastructure.Mail;
using SealService.Infrastructure.Telemetry;

namespace SealService.Audit;

/// <summary>
/// The auditor's side of an application: the queue, assignment, assessing criteria, change requests and the
/// recommendation. Every method loads the aggregate, lets the domain decide, records the audit entry and saves once.
/// Rule violations surface as <see cref="DomainRuleViolation"/>; a method returns false when the application does not
/// exist for this actor (unknown id, or the actor belongs to the applicant's organization).
/// </summary>
public sealed class AuditWorkflow(AppDbContext db, ApplicationStore store, AuditTrail audit, TimeProvider time,
    SealProgramCatalog programs, StaffDirectory staff, ApplicantNotifications notifications, SealMetrics metrics, ApplicationQueueQuery queue)
{
    public static readonly IReadOnlyList<ApplicationStatus> QueueStatuses =
        [ApplicationStatus.Submitted, ApplicationStatus.InAudit, ApplicationStatus.ChangesRequested, ApplicationStatus.Recommended];

    public Task<IReadOnlyList<QueueRow>> QueueAsync(AuditQueueFilter filter, Actor viewer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(viewer);
        var cutoff = filter.OlderThanDays is > 0 and var days ? time.GetUtcNow().AddDays(-days) : (DateTimeOffset?)null;
        return queue.RowsAsync(applications =>
        {
            var query = applications.Where(a => QueueStatuses.Contains(a.Status));
            if (!string.IsNullOrWhiteSpace(filter.Program))
            {
                query = query.Where(a => a.ProgramId == filter.Program);
            }

            if (filter.Status is { } status)
            {
                query = query.Where(a => a.Status == status);
            }

            if (cutoff is { } submittedBefore)
            {
                query = query.Where(a => a.SubmittedAt <= submittedBefore);
            }

            return filter.Assignee switch
            {
                AuditQueueFilter.Me => query.Where(a => a.AuditorId == viewer.UserId),
                AuditQueueFilter.Unassigned => query.Where(a => a.AuditorId == null),
                _ => query,
            };
        }, viewer, ct);
    }

    /// <summary>The checklist for staff; null when the application is unknown or the viewer belongs to the applicant.</summary>
    public async Task<AuditChecklist?> ChecklistAsync(Guid applicationId, Actor viewer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var application = await store.LoadForStaffAsync(applicationId, viewer, ct);
        if (application is null)
        {
            return null;
        }

        return AuditChecklist.Build(application, programs.Get(application.ProgramId, application.CatalogVersion));
    }

    /// <summary>The application's audit entries, oldest first; null when the application is not visible to the viewer.</summary>
    public async Task<ApplicationHistory?> HistoryAsync(Guid applicationId, Actor viewer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var application = await db.Applications.AsNoTracking().Include(a => a.Organization).FirstOrDefaultAsync(a => a.Id == applicationId, ct);
        if (application is null || viewer.IsMemberOf(application.OrganizationId))
        {
            return null;
        }

        var id = applicationId.ToString();
        var entries = await db.AuditLog.AsNoTracking().Where(e => e.EntityId == id).OrderBy(e => e.Sequence).ToListAsync(ct);
        return new ApplicationHistory(application.Id, application.Organization?.LegalName ?? "", application.ProductName, application.ProgramId, application.Status, entries);
    }

    public async Task<bool> AssignAsync(Guid applicationId, string auditorUserId, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var application = await store.LoadForStaffAsync(applicationId, by, ct);
        if (application is null)
        {
            return false;
        }

        var auditor = await staff.ActorAsync(auditorUserId ?? "")
            ?? throw new DomainRuleViolation("Choose an auditor from the list.");
        var before = new { application.Status, application.AuditorId };
        var now = time.GetUtcNow();
        application.AssignAuditor(auditor, by, now);
        audit.Record(by, auditor.UserId == by.UserId ? "audit.taken-over" : "audit.assigned", nameof(SealApplication), application.Id.ToString(),
            before, new { application.Status, application.AuditorId, auditor = auditor.DisplayName });
        await store.SaveAsync(application, null, ct);
        if (before.AuditorId is null && application.SubmittedAt is { } submitted)
        {
            metrics.QueueWaited("audit", now - submitted);
        }
        return true;
    }

    public async Task<bool> AssessAsync(Guid applicationId, AssessmentInput input, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(by);
        var application = await store.LoadForStaffAsync(applicationId, by, ct);
        if (application is null)
        {
            return false;
        }

        RequireAssignedAuditor(application, by);
        var previous = application.Assessments.FirstOrDefault(a => a.CriterionId == input.CriterionId);
        var before = previous is null ? null : new { previous.Result, previous.Comment, previous.ReviewedEvidence, previous.Revision };
        application.Assess(input.CriterionId, input.Result, input.Comment ?? "", input.ReviewedEvidence, by, time.GetUtcNow());
        var assessment = application.Assessments.First(a => a.CriterionId == input.CriterionId);
        audit.Record(by, "audit.assessed", nameof(SealApplication), application.Id.ToString(), before,
            new { criterion = input.CriterionId, assessment.Result, assessment.Comment, assessment.ReviewedEvidence, assessment.Revision });
        await store.SaveAsync(application, null, ct);
        return true;
    }

    /// <summary>Takes back a result carried over from an earlier revision, so the criterion must be assessed again.</summary>
    public async Task<bool> ReopenAsync(Guid applicationId, string criterionId, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var application = await store.LoadForStaffAsync(applicationId, by, ct);
        if (application is null)
        {
            return false;
        }

        RequireAssignedAuditor(application, by);
        var assessment = application.ReopenAssessment(criterionId, by, time.GetUtcNow());
        audit.Record(by, "audit.reopened", nameof(SealApplication), application.Id.ToString(),
            new { criterion = criterionId, assessment.Result, carriedInto = application.CurrentRevision, assessedIn = assessment.Revision },
            new { criterion = criterionId, revision = application.CurrentRevision, reason = "auditor" });
        await store.SaveAsync(application, null, ct);
        return true;
    }

    public async Task<bool> RequestChangesAsync(Guid applicationId, IReadOnlyDictionary<string, string> questionsByCriterion, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(questionsByCriterion);
        ArgumentNullException.ThrowIfNull(by);
        var application = await store.LoadForStaffAsync(applicationId, by, ct);
        if (application is null)
        {
            return false;
        }

        RequireAssignedAuditor(application, by);
        var before = new { application.Status };
        var requests = application.RequestChanges(questionsByCriterion, by, time.GetUtcNow());
        audit.Record(by, "audit.changes-requested", nameof(SealApplication), application.Id.ToString(), before,
            new { application.Status, revision = application.CurrentRevision, questions = requests.Select(r => new { criterion = r.CriterionId, r.Question }) });
        var catalog = programs.Get(application.ProgramId, application.CatalogVersion);
        await notifications.QueueForOrganizationAsync(application.OrganizationId, new Notice("application.changes-requested",
            new NoticeText("Questions from the auditor: {0}", application.ProductName),
            [
                NoticeText.Counted(requests.Count, "The auditor of your application for {0} ({1}) has questions about {2} criterion.",
                    "The auditor of your application for {0} ({1}) has questions about {2} criteria.", new PerLanguage(catalog.Name.In), application.ProductName, requests.Count),
                .. requests.Select(r => new NoticeText("{0}: {1}", r.CriterionId, r.Question)),
                new NoticeText("Please sign in, answer the questions, update the declarations or evidence concerned and submit the application again."),
            ],
            [new NoticeLink(new NoticeText("Your application"), ApplicantPages.Application(application.Id))]), ct);
        await store.SaveAsync(application, null, ct);
        return true;
    }

    public async Task<bool> RecommendAsync(Guid applicationId, bool approve, string summary, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var application = await store.LoadForStaffAsync(applicationId, by, ct);
        if (application is null)
        {
            return false;
        }

        RequireAssignedAuditor(application, by);
        var digest = AuditChecklist.ComputeDigest(application);
        var before = new { application.Status };
        application.Recommend(approve, summary ?? "", digest, by, time.GetUtcNow());
        audit.Record(by, "audit.recommended", nameof(SealApplication), application.Id.ToString(), before,
            new { application.Status, approve, summary = application.RecommendationSummary, checklistDigest = digest, revision = application.CurrentRevision });
        await store.SaveAsync(application, null, ct);
        return true;
    }

    // The domain refuses too; checking here first keeps the refusal independent of what the domain loads.
    private static void RequireAssignedAuditor(SealApplication application, Actor by)
    {
        if (application.AuditorId is null || application.AuditorId != by.UserId)
        {
            throw new DomainRuleViolation("Only the auditor assigned to this application can do this.");
        }
    }
}

public sealed record AuditQueueFilter(string? Program, ApplicationStatus? Status, int? OlderThanDays, string Assignee)
{
    public const string Me = "me";
    public const string Unassigned = "unassigned";
    public const string Anyone = "any";
}

public sealed record ApplicationHistory(Guid Id, string OrganizationName, string ProductName, string ProgramId, ApplicationStatus Status, IReadOnlyList<AuditLogEntry> Entries);

public sealed record AssessmentInput(string CriterionId, AssessmentResult Result, string? Comment, IReadOnlyList<string> ReviewedEvidence);
