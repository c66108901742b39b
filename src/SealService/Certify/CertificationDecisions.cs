using SealService.Audit;
using SealService.Infrastructure.Mail;
using SealService.Infrastructure.Telemetry;
using SealService.Issuance;

namespace SealService.Certify;

/// <summary>The certifier's side: the applications waiting for a decision, the decision itself and the billing flags.</summary>
public sealed class CertificationDecisions(AppDbContext db, ApplicationStore store, AuditTrail audit, TimeProvider time,
    SealProgramCatalog programs, StaffDirectory staff, ApplicantNotifications notifications, IEnumerable<IApprovalFollowUp> followUps,
    SealMetrics metrics, ApplicationQueueQuery queue)
{
    public Task<IReadOnlyList<QueueRow>> AwaitingDecisionAsync(Actor viewer, CancellationToken ct = default) =>
        queue.RowsAsync(applications => applications.Where(a => a.Status == ApplicationStatus.Recommended), viewer, ct);

    public async Task<CertificationView?> ViewAsync(Guid applicationId, Actor viewer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var application = await store.LoadForStaffAsync(applicationId, viewer, ct);
        if (application is null)
        {
            return null;
        }

        var checklist = AuditChecklist.Build(application, programs.Get(application.ProgramId, application.CatalogVersion));
        var names = await staff.NamesAsync([application.AuditorId, application.RecommendedById, application.DecidedById], ct);
        var certificate = application.Status == ApplicationStatus.Issued
            ? await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.ApplicationId == application.Id, ct)
            : null;
        var refusal = application.Status == ApplicationStatus.Approved ? await PendingIssuance.LastRefusalAsync(db, application.Id, ct) : null;
        return new CertificationView(checklist, names, certificate, refusal);
    }

    /// <summary>
    /// Records the decision if the page the certifier saw is still current: <see cref="DecisionInput.RenderedStamp"/> is the
    /// application's concurrency stamp and <see cref="DecisionInput.ReviewedDigest"/> the checklist digest shown on that page.
    /// </summary>
    public async Task<bool> DecideAsync(Guid applicationId, DecisionInput input, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(by);
        var application = await store.LoadForStaffAsync(applicationId, by, ct);
        if (application is null)
        {
            return false;
        }

        var before = new { application.Status };
        var now = time.GetUtcNow();
        application.Decide(input.Approve, input.Reason ?? "", input.ReviewedDigest ?? "", AuditChecklist.ComputeDigest(application), by, now);
        audit.Record(by, input.Approve ? "certification.approved" : "certification.rejected", nameof(SealApplication), application.Id.ToString(), before,
            new { application.Status, reason = application.DecisionReason, checklistDigest = input.ReviewedDigest, recommendedApproval = application.RecommendApproval });
        if (!input.Approve)
        {
            // Queued before the save: the rejection and its mail are stored together.
            var catalog = programs.Get(application.ProgramId, application.CatalogVersion);
            await notifications.QueueForOrganizationAsync(application.OrganizationId, new Notice("application.rejected",
                new NoticeText("Decision on your application: {0}", application.ProductName),
                [
                    new NoticeText("Your application for {0} ({1}) has been rejected.", new PerLanguage(catalog.Name.In), application.ProductName),
                    new NoticeText("Reason: {0}", application.DecisionReason),
                    new NoticeText("You may start a new application once the points above are resolved."),
                ],
                [new NoticeLink(new NoticeText("Your application"), ApplicantPages.Application(application.Id))]), ct);
        }

        await store.SaveAsync(application, input.RenderedStamp, ct);
        if (application.RecommendedAt is { } recommended)
        {
            metrics.QueueWaited("decision", now - recommended);
        }

        if (input.Approve)
        {
            foreach (var followUp in followUps)
            {
                await followUp.OnApprovedAsync(application.Id, by, ct);
            }
        }

        return true;
    }

    public async Task<bool> SetBillingAsync(Guid applicationId, bool invoiceSent, bool feePaid, Guid renderedStamp, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var application = await store.LoadForStaffAsync(applicationId, by, ct);
        if (application is null)
        {
            return false;
        }

        var before = new { application.InvoiceSent, application.FeePaid };
        application.SetBilling(invoiceSent, feePaid, by, time.GetUtcNow());
        audit.Record(by, "certification.billing", nameof(SealApplication), application.Id.ToString(), before, new { application.InvoiceSent, application.FeePaid });
        await store.SaveAsync(application, renderedStamp, ct);
        return true;
    }
}

/// <param name="Certificate">The certificate of an issued application.</param>
/// <param name="IssuanceRefusal">For an approved application without certificate: why the last issuance attempt was refused.</param>
public sealed record CertificationView(AuditChecklist Checklist, IReadOnlyDictionary<string, string> StaffNames, Certificate? Certificate = null,
    IssuanceRefusal? IssuanceRefusal = null)
{
    public SealApplication Application => Checklist.Application;

    public string? NameOf(string? userId) => userId is null ? null : StaffNames.GetValueOrDefault(userId, userId);
}

public sealed record DecisionInput(bool Approve, string? Reason, string? ReviewedDigest, Guid RenderedStamp);
