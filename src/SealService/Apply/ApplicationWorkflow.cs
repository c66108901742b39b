using SealService.Infrastructure.Mail;

namespace SealService.Apply;

/// <summary>
/// The applicant's side of an application: start, declare, submit, answer the auditor. Each method loads the aggregate
/// for the acting member, lets the domain decide, records the audit entry and saves, all in one unit of work.
/// </summary>
public sealed class ApplicationWorkflow(AppDbContext db, SealProgramCatalog programs, AuditTrail audit, TimeProvider time, ApplicantNotifications notifications, EvidenceStore evidence)
{
    public CriteriaCatalog CatalogOf(SealApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        return programs.Get(application.ProgramId, application.CatalogVersion);
    }

    /// <summary>
    /// The whole application aggregate, or null when it does not exist or belongs to another organization. Whole, because the
    /// domain decides on all of it: a resubmission carries the auditor's results over, so they must be loaded too.
    /// </summary>
    public async Task<SealApplication?> FindForMemberAsync(Guid id, Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.OrganizationId is not { } organizationId)
        {
            return null;
        }

        return await ApplicationStore.Whole(db.Applications).FirstOrDefaultAsync(a => a.Id == id && a.OrganizationId == organizationId, ct);
    }

    public async Task<IReadOnlyList<SealApplication>> ListForOrganizationAsync(Guid organizationId, CancellationToken ct = default)
    {
        var list = await db.Applications.AsNoTracking().Where(a => a.OrganizationId == organizationId).ToListAsync(ct);
        return list.OrderByDescending(a => a.UpdatedAt).ToList();
    }

    public async Task<SealApplication> StartAsync(string programId, ProductInfo product, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        var program = programs.FindProgram(programId ?? "") ?? throw new DomainRuleViolation("Choose one of the seal programs.");
        var organization = by.OrganizationId is { } orgId ? await db.Organizations.FindAsync([orgId], ct) : null;
        if (organization is null)
        {
            throw new DomainRuleViolation("Create your organization's profile before you apply.");
        }

        var application = SealApplication.Start(organization, program.Current, product, by, time.GetUtcNow());
        db.Applications.Add(application);
        audit.Record(by, "application.started", nameof(SealApplication), application.Id.ToString(),
            after: new { application.ProgramId, application.CatalogVersion, application.CatalogDigest, application.ProductName, application.ProductVersion });
        await db.SaveChangesAsync(ct);
        return application;
    }

    public async Task UpdateProductAsync(SealApplication application, ProductInfo product, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var before = new { application.ProductName, application.ProductVersion, application.ProductDescription, application.ProductWebsite };
        application.UpdateProduct(product, by, time.GetUtcNow());
        audit.Record(by, "application.product-updated", nameof(SealApplication), application.Id.ToString(), before,
            new { application.ProductName, application.ProductVersion, application.ProductDescription, application.ProductWebsite });
        await db.SaveChangesAsync(ct);
    }

    public async Task DeclareAsync(SealApplication application, string criterionId, DeclarationAnswer answer, string explanation, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (CatalogOf(application).Find(criterionId) is null)
        {
            throw new DomainRuleViolation("{0} is not a criterion of this application.", criterionId);
        }

        var previous = application.Declarations.Single(d => d.CriterionId == criterionId);
        var before = new { previous.Answer, previous.Explanation };
        application.Declare(criterionId, answer, explanation, by, time.GetUtcNow());
        audit.Record(by, "declaration.saved", nameof(SealApplication), application.Id.ToString(), before,
            new { criterionId, answer, explanation = previous.Explanation });
        await db.SaveChangesAsync(ct);
    }

    public async Task RemoveEvidenceAsync(SealApplication application, Guid evidenceId, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var file = application.RemoveEvidence(evidenceId, by, time.GetUtcNow());
        audit.Record(by, "evidence.removed", nameof(SealApplication), application.Id.ToString(),
            before: new { evidenceId = file.Id, file.CriterionId, file.OriginalName, file.Sha256 });
        await db.SaveChangesAsync(ct);
        evidence.DeleteIfUnseen(application, file);
    }

    public async Task AnswerChangeRequestAsync(SealApplication application, Guid changeRequestId, string answer, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        application.AnswerChangeRequest(changeRequestId, answer, by, time.GetUtcNow());
        audit.Record(by, "change-request.answered", nameof(SealApplication), application.Id.ToString(),
            after: new { changeRequestId, answer = answer.Trim() });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Submits the draft or the answers to a change request. <paramref name="attestationLanguage"/> is the language the
    /// attestation was shown in, so the stored text is exactly the text the person confirmed.
    /// </summary>
    public async Task<ApplicationRevision> SubmitAsync(SealApplication application, string attestedByName, string attestedByRole, string attestationLanguage, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var organization = application.Organization ?? await db.Organizations.SingleAsync(o => o.Id == application.OrganizationId, ct);
        var catalog = CatalogOf(application);
        var blockers = application.SubmissionBlockers(catalog);
        if (blockers.Count > 0)
        {
            throw new SubmissionRefused(blockers);
        }

        var first = application.Status == ApplicationStatus.Draft;
        var (json, digest) = ApplicationSnapshot.Build(application, organization, catalog, application.CurrentRevision + 1);
        var attestation = new Attestation(attestedByName?.Trim() ?? "", attestedByRole?.Trim() ?? "", catalog.Attestation.In(attestationLanguage ?? catalog.DefaultLanguage));
        var revision = application.Submit(catalog, attestation, json, digest, by, time.GetUtcNow());
        audit.Record(by, first ? "application.submitted" : "application.resubmitted", nameof(SealApplication), application.Id.ToString(),
            after: new { revision = revision.Number, revision.Digest, revision.AttestedByName, revision.AttestedByRole, status = application.Status });
        if (!first)
        {
            RecordAssessmentsCarriedOrReopened(application, revision.Number);
        }

        await notifications.QueueForOrganizationAsync(application.OrganizationId, new Notice(first ? "application.submitted" : "application.resubmitted",
            first
                ? new NoticeText("Application submitted: {0} ({1})", application.ProductName, new PerLanguage(catalog.Name.In))
                : new NoticeText("Answers submitted: {0} ({1})", application.ProductName, new PerLanguage(catalog.Name.In)),
            [
                new NoticeText("{0} submitted the application for {1} ({2}) (revision {3}, {4}).", by.DisplayName, application.ProductName,
                    new PerLanguage(catalog.Name.In), revision.Number, revision.Digest),
            ],
            [new NoticeLink(new NoticeText("Your application"), ApplicantPages.Application(application.Id))]), ct);
        await db.SaveChangesAsync(ct);
        return revision;
    }

    /// <summary>
    /// What the resubmission did to the auditor's results (the domain decides, see <see cref="SealApplication.Submit"/>): which
    /// were carried over unchanged and which criteria are open again, and why. Recorded by the service, not the applicant.
    /// </summary>
    private void RecordAssessmentsCarriedOrReopened(SealApplication application, int revision)
    {
        var carried = application.CarriedOverAssessments();
        if (carried.Count > 0)
        {
            audit.Record(Actor.System, "audit.carried-over", nameof(SealApplication), application.Id.ToString(), after: new
            {
                revision,
                criteria = carried.Select(a => new { criterion = a.CriterionId, a.Result, assessedIn = a.CarriedFromRevision }),
            });
        }

        var reopened = application.ReopenedAssessments();
        if (reopened.Count > 0)
        {
            audit.Record(Actor.System, "audit.reopened", nameof(SealApplication), application.Id.ToString(), after: new
            {
                revision,
                criteria = reopened.Select(a => new
                {
                    criterion = a.CriterionId,
                    previousResult = a.Result,
                    assessedIn = a.Revision,
                    reasons = new[]
                    {
                        application.ChangedSincePreviousRevision(a.CriterionId) ? "changed" : null,
                        application.QuestionedBeforeCurrentRevision(a.CriterionId) ? "question" : null,
                        a.Revision < revision - 1 ? "open since an earlier revision" : null,
                    }.OfType<string>(),
                }),
            });
        }
    }

    /// <summary>Milestones of the application from the audit trail, oldest first (declaration and evidence edits left out).</summary>
    public async Task<IReadOnlyList<AuditLogEntry>> TimelineAsync(Guid applicationId, CancellationToken ct = default)
    {
        var id = applicationId.ToString();
        var milestones = ApplicationText.TimelineActions.ToList();
        return await db.AuditLog.AsNoTracking()
            .Where(e => e.EntityId == id && milestones.Contains(e.Action))
            .OrderBy(e => e.Sequence)
            .ToListAsync(ct);
    }
}

/// <summary>Submission refused: what still blocks it, one item per line.</summary>
public sealed class SubmissionRefused(IReadOnlyList<SubmissionBlocker> blockers)
    : Exception("The application cannot be submitted yet: " + string.Join("; ", blockers))
{
    public IReadOnlyList<SubmissionBlocker> Blockers { get; } = blockers;
}
