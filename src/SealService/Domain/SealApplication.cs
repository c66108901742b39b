using System.Security.Cryptography;
using System.Text;

namespace SealService.Domain;

/// <summary>
/// One organization's application for one seal program and one product. The state machine lives here:
/// every transition checks who may make it and from which state, and refuses with a <see cref="DomainRuleViolation"/>.
/// </summary>
public sealed class SealApplication
{
    private readonly List<Declaration> _declarations = [];
    private readonly List<EvidenceFile> _evidence = [];
    private readonly List<ApplicationRevision> _revisions = [];
    private readonly List<Assessment> _assessments = [];
    private readonly List<ChangeRequest> _changeRequests = [];

    private SealApplication()
    {
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public Organization? Organization { get; private set; }
    public string ProgramId { get; private set; } = "";
    public string CatalogVersion { get; private set; } = "";
    public string CatalogDigest { get; private set; } = "";
    public string ProductName { get; private set; } = "";
    public string ProductVersion { get; private set; } = "";
    public string ProductDescription { get; private set; } = "";
    public string? ProductWebsite { get; private set; }
    public ApplicationStatus Status { get; private set; }
    public string CreatedById { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public DateTimeOffset? SubmittedAt { get; private set; }

    /// <summary>Set when this application renews an earlier certificate.</summary>
    public Guid? RenewsCertificateId { get; private set; }

    public string? AuditorId { get; private set; }
    public DateTimeOffset? AuditorAssignedAt { get; private set; }

    public bool? RecommendApproval { get; private set; }
    public string? RecommendationSummary { get; private set; }
    public string? RecommendedById { get; private set; }
    public DateTimeOffset? RecommendedAt { get; private set; }
    public string? RecommendationChecklistDigest { get; private set; }

    public bool? Approved { get; private set; }
    public string? DecisionReason { get; private set; }
    public string? DecidedById { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }

    public DateTimeOffset? IssuedAt { get; private set; }

    public bool InvoiceSent { get; private set; }
    public bool FeePaid { get; private set; }

    /// <summary>Optimistic concurrency token: changes on every save, so two people acting on a stale page cannot both win.</summary>
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    public IReadOnlyList<Declaration> Declarations => _declarations;
    public IReadOnlyList<EvidenceFile> Evidence => _evidence;
    public IReadOnlyList<ApplicationRevision> Revisions => _revisions;
    public IReadOnlyList<Assessment> Assessments => _assessments;
    public IReadOnlyList<ChangeRequest> ChangeRequests => _changeRequests;

    /// <summary>Still on its way: neither rejected nor issued.</summary>
    public bool IsOpen => Status is not (ApplicationStatus.Rejected or ApplicationStatus.Issued);

    public int CurrentRevision => _revisions.Count == 0 ? 0 : _revisions.Max(r => r.Number);

    public static SealApplication Start(Organization organization, CriteriaCatalog catalog, ProductInfo product, Actor by, DateTimeOffset now, Guid? renewsCertificateId = null)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsMemberOf(organization.Id))
        {
            throw new DomainRuleViolation("Only members of the organization can apply on its behalf.");
        }

        var application = new SealApplication
        {
            Id = Guid.NewGuid(),
            OrganizationId = organization.Id,
            ProgramId = catalog.ProgramId,
            CatalogVersion = catalog.Version,
            CatalogDigest = catalog.Digest,
            Status = ApplicationStatus.Draft,
            CreatedById = by.UserId,
            CreatedAt = now,
            UpdatedAt = now,
            RenewsCertificateId = renewsCertificateId,
        };
        application.SetProduct(product);
        foreach (var criterion in catalog.Criteria)
        {
            application._declarations.Add(new Declaration(application.Id, criterion.Id));
        }

        return application;
    }

    /// <summary>
    /// Starts the renewal of <paramref name="certificate"/> under the program's current <paramref name="catalog"/>: same product,
    /// and every answered declaration of <paramref name="renewed"/> (the application that led to the certificate) copied for the
    /// criteria the catalog still has. Evidence is not copied; the applicant picks what still applies.
    /// </summary>
    public static SealApplication Renew(Certificate certificate, SealApplication renewed, Organization organization, CriteriaCatalog catalog,
        IEnumerable<SealApplication> renewalsOfCertificate, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(renewed);
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(renewalsOfCertificate);
        if (certificate.ApplicationId != renewed.Id || renewed.OrganizationId != organization.Id || catalog.ProgramId != certificate.ProgramId)
        {
            throw new InvalidOperationException("Renewal called with a certificate, application, organization or catalog that do not belong together.");
        }

        if (!certificate.IsRenewableAt(now))
        {
            if (certificate.IsTooEarlyToRenewAt(now))
            {
                throw new DomainRuleViolation("Renewal opens {0} days before the certificate expires, on {1}.",
                    Certificate.RenewalWindowBeforeExpiry.Days, certificate.RenewalOpensAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            }

            if (certificate.Status == CertificateStatus.Active)
            {
                throw new DomainRuleViolation("The certificate expired more than {0} days ago; start a new application instead.", Certificate.RenewalGracePeriod.Days);
            }

            throw new DomainRuleViolation("Only an active certificate can be renewed; this one is {0}.", certificate.Status);
        }

        if (renewalsOfCertificate.FirstOrDefault(a => a.RenewsCertificateId == certificate.Id && a.IsOpen) is { } open)
        {
            throw new DomainRuleViolation("A renewal of this certificate is already in progress (application {0}); continue that one.", open.Id);
        }

        var product = new ProductInfo(renewed.ProductName, renewed.ProductVersion, renewed.ProductDescription, renewed.ProductWebsite);
        var application = Start(organization, catalog, product, by, now, certificate.Id);
        foreach (var previous in renewed.Declarations.Where(d => d.Answer != DeclarationAnswer.Unanswered))
        {
            if (catalog.Find(previous.CriterionId) is not null)
            {
                application.Declare(previous.CriterionId, previous.Answer, previous.Explanation, by, now);
            }
        }

        return application;
    }

    /// <summary>
    /// Attaches a copy of evidence from the renewed application (stored again under <paramref name="storedName"/>, same bytes
    /// and digest). Refused when the document's own validity has ended or the same file is already attached.
    /// </summary>
    public EvidenceFile ReuseEvidence(EvidenceFile previous, string storedName, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(by);
        if (RenewsCertificateId is null || previous.ApplicationId == Id)
        {
            throw new DomainRuleViolation("Only a renewal can reuse evidence, and only from the application it renews.");
        }

        if (previous.ValidUntil is { } validUntil && validUntil < DateOnly.FromDateTime(now.UtcDateTime))
        {
            throw new DomainRuleViolation("{0} was valid until {1:yyyy-MM-dd}; upload a current document instead.", previous.OriginalName, validUntil);
        }

        if (_evidence.Any(e => e.IsCurrent && e.CriterionId == previous.CriterionId && e.Sha256 == previous.Sha256))
        {
            throw new DomainRuleViolation("{0} is already attached to {1}.", previous.OriginalName, previous.CriterionId);
        }

        var file = new EvidenceFile(Id, previous.CriterionId, previous.OriginalName, storedName, previous.ContentType, previous.Size, previous.Sha256, previous.ValidUntil, by, now);
        AddEvidence(file, by, now);
        return file;
    }

    public void UpdateProduct(ProductInfo product, Actor by, DateTimeOffset now)
    {
        RequireMember(by);
        RequireStatus("Cannot change the product details: the application is {0}.", ApplicationStatus.Draft);
        SetProduct(product);
        UpdatedAt = now;
    }

    /// <summary>Criteria the applicant may edit now: all of them in a draft, only those sent back while changes are requested.</summary>
    public IReadOnlySet<string> EditableCriteria => Status switch
    {
        ApplicationStatus.Draft => _declarations.Select(d => d.CriterionId).ToHashSet(StringComparer.Ordinal),
        ApplicationStatus.ChangesRequested => _changeRequests.Where(c => c.IsOpen).Select(c => c.CriterionId).ToHashSet(StringComparer.Ordinal),
        _ => new HashSet<string>(),
    };

    public void Declare(string criterionId, DeclarationAnswer answer, string explanation, Actor by, DateTimeOffset now)
    {
        RequireMember(by);
        RequireEditable(criterionId);
        var declaration = _declarations.Single(d => d.CriterionId == criterionId);
        declaration.Set(answer, explanation ?? "", by, now);
        UpdatedAt = now;
    }

    public void AddEvidence(EvidenceFile file, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(file);
        RequireMember(by);
        RequireEditable(file.CriterionId);
        if (_evidence.Count(e => e.IsCurrent) >= 100)
        {
            throw new DomainRuleViolation("An application can hold at most 100 evidence files.");
        }

        _evidence.Add(file);
        UpdatedAt = now;
    }

    public EvidenceFile RemoveEvidence(Guid evidenceId, Actor by, DateTimeOffset now)
    {
        RequireMember(by);
        var file = _evidence.FirstOrDefault(e => e.Id == evidenceId && e.IsCurrent)
            ?? throw new DomainRuleViolation("That evidence file does not exist.");
        RequireEditable(file.CriterionId);
        file.Remove(now);
        UpdatedAt = now;
        return file;
    }

    /// <summary>Everything that still blocks submission, in words the applicant can act on. Empty means ready.</summary>
    public IReadOnlyList<SubmissionBlocker> SubmissionBlockers(CriteriaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var blockers = new List<SubmissionBlocker>();
        foreach (var criterion in catalog.Criteria.OrderBy(c => c.Order))
        {
            var declaration = _declarations.FirstOrDefault(d => d.CriterionId == criterion.Id);
            if (criterion.Mandatory && declaration is not { IsAnswered: true })
            {
                blockers.Add(new SubmissionBlocker($"{criterion.Id}: {criterion.Title.Current}", SubmissionBlocker.AnswerMissing));
            }

            if (criterion.EvidenceRequired && !_evidence.Any(e => e.CriterionId == criterion.Id && e.IsCurrent))
            {
                blockers.Add(new SubmissionBlocker($"{criterion.Id}: {criterion.Title.Current}", SubmissionBlocker.EvidenceMissing));
            }
        }

        if (Status == ApplicationStatus.ChangesRequested)
        {
            foreach (var request in _changeRequests.Where(c => c.IsOpen && string.IsNullOrWhiteSpace(c.Answer)))
            {
                blockers.Add(new SubmissionBlocker(request.CriterionId, SubmissionBlocker.AuditorQuestionUnanswered));
            }
        }

        return blockers;
    }

    /// <summary>
    /// Submits the draft (first time) or the answers to a change request. The snapshot and its digest are built by the
    /// caller from the current declarations and evidence, so this stays free of serialization concerns.
    /// </summary>
    public ApplicationRevision Submit(CriteriaCatalog catalog, Attestation attestation, string snapshotJson, string snapshotDigest, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(attestation);
        RequireMember(by);
        RequireStatus("Cannot submit: the application is {0}.", ApplicationStatus.Draft, ApplicationStatus.ChangesRequested);
        if (catalog.Key != CriteriaCatalog.CatalogKey(ProgramId, CatalogVersion))
        {
            throw new InvalidOperationException("Submission checked against the wrong catalog version.");
        }

        var blockers = SubmissionBlockers(catalog);
        if (blockers.Count > 0)
        {
            throw new DomainRuleViolation("The application cannot be submitted yet: {0}", blockers);
        }

        attestation.Validate();
        var previous = _revisions.MaxBy(r => r.Number);
        var digests = _declarations.ToDictionary(d => d.CriterionId, d => CriterionContentDigest(d.CriterionId), StringComparer.Ordinal);
        var revision = new ApplicationRevision(Id, CurrentRevision + 1, snapshotJson, snapshotDigest, attestation, digests, by, now);
        _revisions.Add(revision);
        if (Status == ApplicationStatus.Draft)
        {
            Status = ApplicationStatus.Submitted;
            SubmittedAt = now;
        }
        else
        {
            var questioned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var request in _changeRequests.Where(c => c.IsOpen))
            {
                questioned.Add(request.CriterionId);
                request.Close(revision.Number, now);
            }

            CarryOverAssessments(previous!, revision, questioned);
            Status = ApplicationStatus.InAudit;
        }

        UpdatedAt = now;
        return revision;
    }

    /// <summary>
    /// After a resubmission: every result the auditor gave for the previous revision stays valid for the new one when the
    /// auditor asked nothing about the criterion and the applicant changed neither its declaration nor its evidence. Those
    /// results are marked carried over; the others stay with the revision they were given for, so the criterion is open again.
    /// </summary>
    private void CarryOverAssessments(ApplicationRevision previous, ApplicationRevision revision, HashSet<string> questioned)
    {
        foreach (var assessment in _assessments.Where(a => a.Revision == previous.Number))
        {
            var before = previous.CriterionDigest(assessment.CriterionId);
            if (!questioned.Contains(assessment.CriterionId) && before is not null
                && string.Equals(before, revision.CriterionDigest(assessment.CriterionId), StringComparison.Ordinal))
            {
                assessment.CarryOver(revision.Number);
            }
        }
    }

    /// <summary>
    /// SHA-256 over what the applicant states for one criterion now: the answer, the explanation and the digests of the
    /// current evidence files (in digest order), each length-prefixed. Two revisions with the same value said the same.
    /// </summary>
    public string CriterionContentDigest(string criterionId)
    {
        var declaration = _declarations.FirstOrDefault(d => d.CriterionId == criterionId);
        var text = new StringBuilder();
        void Append(string value) => text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
        Append(criterionId);
        Append((declaration?.Answer ?? DeclarationAnswer.Unanswered).ToString());
        Append(declaration?.Explanation ?? "");
        foreach (var sha256 in _evidence.Where(e => e.IsCurrent && e.CriterionId == criterionId).Select(e => e.Sha256).Order(StringComparer.Ordinal))
        {
            Append(sha256);
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>
    /// Whether the applicant changed the criterion's declaration or evidence between the previous and the current revision.
    /// Compares what each revision recorded; for revisions from before that record existed, whether the declaration was
    /// saved or evidence added or removed in between.
    /// </summary>
    public bool ChangedSincePreviousRevision(string criterionId)
    {
        var latest = _revisions.OrderByDescending(r => r.Number).Take(2).ToList();
        if (latest.Count < 2)
        {
            return false;
        }

        var (current, previous) = (latest[0], latest[1]);
        if (previous.CriterionDigest(criterionId) is { } before && current.CriterionDigest(criterionId) is { } after)
        {
            return !string.Equals(before, after, StringComparison.Ordinal);
        }

        bool Between(DateTimeOffset? at) => at is { } t && t > previous.SubmittedAt && t <= current.SubmittedAt;
        return Between(_declarations.FirstOrDefault(d => d.CriterionId == criterionId)?.UpdatedAt)
            || _evidence.Any(e => e.CriterionId == criterionId && (Between(e.UploadedAt) || Between(e.RemovedAt)));
    }

    /// <summary>Whether the auditor asked about the criterion and the current revision is the applicant's answer.</summary>
    public bool QuestionedBeforeCurrentRevision(string criterionId) =>
        CurrentRevision > 1 && _changeRequests.Any(c => c.CriterionId == criterionId && c.AnsweredInRevision == CurrentRevision);

    /// <summary>Results that hold for the current revision because they were carried over from an earlier one.</summary>
    public IReadOnlyList<Assessment> CarriedOverAssessments() =>
        _assessments.Where(a => a.Revision == CurrentRevision && a.IsCarriedOver).OrderBy(a => a.CriterionId, StringComparer.Ordinal).ToList();

    /// <summary>Results given for an earlier revision that do not hold for the current one: those criteria must be assessed again.</summary>
    public IReadOnlyList<Assessment> ReopenedAssessments() =>
        _assessments.Where(a => a.Revision < CurrentRevision).OrderBy(a => a.CriterionId, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The assigned auditor takes back a result carried over from an earlier revision: the criterion must be assessed
    /// again for the current revision. The earlier result stays visible as the one given for its own revision.
    /// </summary>
    public Assessment ReopenAssessment(string criterionId, Actor by, DateTimeOffset now)
    {
        RequireAssignedAuditor(by);
        RequireStatus("Cannot reopen an assessment: the application is {0}.", ApplicationStatus.InAudit);
        var assessment = _assessments.FirstOrDefault(a => a.CriterionId == criterionId && a.Revision == CurrentRevision && a.IsCarriedOver)
            ?? throw new DomainRuleViolation("{0} has no result carried over from an earlier revision to reopen.", criterionId);
        assessment.Reopen();
        UpdatedAt = now;
        return assessment;
    }

    public void AnswerChangeRequest(Guid changeRequestId, string answer, Actor by, DateTimeOffset now)
    {
        RequireMember(by);
        RequireStatus("Cannot answer the auditor's questions: the application is {0}.", ApplicationStatus.ChangesRequested);
        var request = _changeRequests.FirstOrDefault(c => c.Id == changeRequestId && c.IsOpen)
            ?? throw new DomainRuleViolation("That question is not open.");
        if (string.IsNullOrWhiteSpace(answer) || answer.Length > Limits.Comment)
        {
            throw new DomainRuleViolation("The answer must be between 1 and {0} characters.", Limits.Comment);
        }

        request.SetAnswer(answer);
        UpdatedAt = now;
    }

    /// <summary>Assigns (or re-assigns) the auditor. Auditors may pick up an unassigned application themselves.</summary>
    public void AssignAuditor(Actor auditor, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(auditor);
        ArgumentNullException.ThrowIfNull(by);
        RequireStatus("Cannot assign an auditor: the application is {0}.", ApplicationStatus.Submitted, ApplicationStatus.InAudit, ApplicationStatus.ChangesRequested);
        if (!auditor.IsInRole(Roles.Auditor))
        {
            throw new DomainRuleViolation("{0} is not an auditor.", auditor.DisplayName);
        }

        if (auditor.IsMemberOf(OrganizationId))
        {
            throw new DomainRuleViolation("Conflict of interest: {0} belongs to the applicant's organization and cannot audit this application.", auditor.DisplayName);
        }

        var selfPickup = auditor.UserId == by.UserId;
        if (selfPickup)
        {
            if (AuditorId is not null && AuditorId != by.UserId)
            {
                throw new DomainRuleViolation("This application already has an auditor; a certifier or admin can re-assign it.");
            }
        }
        else if (!by.IsInRole(Roles.Certifier) && !by.IsInRole(Roles.Admin))
        {
            throw new DomainRuleViolation("Only a certifier or an admin can assign another auditor.");
        }

        if (DecidedById is not null && DecidedById == auditor.UserId)
        {
            throw new DomainRuleViolation("Four eyes: the certifier of this application cannot also audit it.");
        }

        AuditorId = auditor.UserId;
        AuditorAssignedAt = now;
        if (Status == ApplicationStatus.Submitted)
        {
            Status = ApplicationStatus.InAudit;
        }

        UpdatedAt = now;
    }

    public void Assess(string criterionId, AssessmentResult result, string comment, IEnumerable<string> reviewedEvidence, Actor by, DateTimeOffset now)
    {
        RequireAssignedAuditor(by);
        RequireStatus("Cannot assess criteria: the application is {0}.", ApplicationStatus.InAudit);
        if (_declarations.All(d => d.CriterionId != criterionId))
        {
            throw new DomainRuleViolation("{0} is not a criterion of this application.", criterionId);
        }

        if (!Enum.IsDefined(result))
        {
            throw new DomainRuleViolation("Choose one of the listed results.");
        }

        // Removed files are not part of the revision under audit, so they cannot count as reviewed.
        var known = _evidence.Where(e => e.IsCurrent).Select(e => e.Sha256).ToHashSet(StringComparer.Ordinal);
        var reviewed = (reviewedEvidence ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (reviewed.Any(d => !known.Contains(d)))
        {
            throw new DomainRuleViolation("Reviewed evidence must be files attached to this application.");
        }

        var assessment = _assessments.FirstOrDefault(a => a.CriterionId == criterionId);
        if (assessment is null)
        {
            assessment = new Assessment(Id, criterionId);
            _assessments.Add(assessment);
        }

        assessment.Set(result, comment ?? "", reviewed, CurrentRevision, by, now);
        UpdatedAt = now;
    }

    public IReadOnlyList<ChangeRequest> RequestChanges(IReadOnlyDictionary<string, string> questionsByCriterion, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(questionsByCriterion);
        RequireAssignedAuditor(by);
        RequireStatus("Cannot request changes: the application is {0}.", ApplicationStatus.InAudit);
        if (questionsByCriterion.Count == 0)
        {
            throw new DomainRuleViolation("Select at least one criterion and write the question for it.");
        }

        var created = new List<ChangeRequest>();
        foreach (var (criterionId, question) in questionsByCriterion)
        {
            if (_declarations.All(d => d.CriterionId != criterionId))
            {
                throw new DomainRuleViolation("{0} is not a criterion of this application.", criterionId);
            }

            if (string.IsNullOrWhiteSpace(question) || question.Length > Limits.Comment)
            {
                throw new DomainRuleViolation("The question for {0} must be between 1 and {1} characters.", criterionId, Limits.Comment);
            }

            created.Add(new ChangeRequest(Id, criterionId, question, CurrentRevision, by, now));
        }

        _changeRequests.AddRange(created);
        Status = ApplicationStatus.ChangesRequested;
        UpdatedAt = now;
        return created;
    }

    public bool AllCriteriaAssessed => _declarations.All(d => _assessments.Any(a => a.CriterionId == d.CriterionId && a.Revision == CurrentRevision));

    public void Recommend(bool approve, string summary, string checklistDigest, Actor by, DateTimeOffset now)
    {
        RequireAssignedAuditor(by);
        RequireStatus("Cannot recommend a decision: the application is {0}.", ApplicationStatus.InAudit);
        if (!AllCriteriaAssessed)
        {
            throw new DomainRuleViolation("Every criterion must be assessed against the latest revision before you recommend a decision.");
        }

        if (approve && _assessments.Any(a => a.Result == AssessmentResult.MajorNonconformity))
        {
            throw new DomainRuleViolation("A major nonconformity is open: the application cannot be recommended for approval.");
        }

        if (string.IsNullOrWhiteSpace(summary) || summary.Length > Limits.Comment)
        {
            throw new DomainRuleViolation("The recommendation needs a summary of 1 to {0} characters.", Limits.Comment);
        }

        RecommendApproval = approve;
        RecommendationSummary = summary.Trim();
        RecommendedById = by.UserId;
        RecommendedAt = now;
        RecommendationChecklistDigest = checklistDigest;
        Status = ApplicationStatus.Recommended;
        UpdatedAt = now;
    }

    /// <summary>
    /// The certifier's decision. <paramref name="reviewedChecklistDigest"/> is the digest of the checklist the certifier
    /// saw; <paramref name="currentChecklistDigest"/> the one computed now. If they differ, something changed after the
    /// certifier looked, and the decision is refused.
    /// </summary>
    /// <summary>
    /// Why <paramref name="by"/> may not decide this application now (role, four eyes, conflict of interest), or null
    /// when they may. Pages ask first so a person who may not decide never gets the decision form.
    /// </summary>
    public DomainRuleViolation? DecisionRefusal(Actor by)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (Status != ApplicationStatus.Recommended)
        {
            return new DomainRuleViolation("Cannot decide: the application is {0}.", Status);
        }

        if (!by.IsInRole(Roles.Certifier))
        {
            return new DomainRuleViolation("Only a certifier can decide on an application.");
        }

        if (by.UserId == AuditorId || by.UserId == RecommendedById
            || _assessments.Any(a => a.AssessedById == by.UserId) || _changeRequests.Any(c => c.RaisedById == by.UserId))
        {
            return new DomainRuleViolation("Four eyes: you audited this application, so another certifier must decide it.");
        }

        if (by.IsMemberOf(OrganizationId))
        {
            return new DomainRuleViolation("Conflict of interest: you belong to the applicant's organization and cannot decide this application.");
        }

        return null;
    }

    public void Decide(bool approve, string reason, string reviewedChecklistDigest, string currentChecklistDigest, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (DecisionRefusal(by) is { } refusal)
        {
            throw refusal;
        }

        if (!string.Equals(reviewedChecklistDigest, currentChecklistDigest, StringComparison.Ordinal)
            || !string.Equals(currentChecklistDigest, RecommendationChecklistDigest, StringComparison.Ordinal))
        {
            throw new DomainRuleViolation("The checklist changed after you opened it. Review the current checklist and decide again.");
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > Limits.Comment)
        {
            throw new DomainRuleViolation("The decision needs a reason of 1 to {0} characters.", Limits.Comment);
        }

        if (approve && _assessments.Any(a => a.Result == AssessmentResult.MajorNonconformity))
        {
            throw new DomainRuleViolation("A major nonconformity is open: the application cannot be approved.");
        }

        Approved = approve;
        DecisionReason = reason.Trim();
        DecidedById = by.UserId;
        DecidedAt = now;
        Status = approve ? ApplicationStatus.Approved : ApplicationStatus.Rejected;
        UpdatedAt = now;
    }

    /// <summary>Approved -> Issued: happens exactly once, in the same transaction that stores the certificate.</summary>
    public void MarkIssued(DateTimeOffset now)
    {
        RequireStatus("Cannot issue a certificate: the application is {0}.", ApplicationStatus.Approved);
        IssuedAt = now;
        Status = ApplicationStatus.Issued;
        UpdatedAt = now;
    }

    public void SetBilling(bool invoiceSent, bool feePaid, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsInRole(Roles.Certifier) && !by.IsInRole(Roles.Admin))
        {
            throw new DomainRuleViolation("Only a certifier or an admin can record invoices and payments.");
        }

        if (Status == ApplicationStatus.Draft)
        {
            throw new DomainRuleViolation("A draft has no invoice yet.");
        }

        InvoiceSent = invoiceSent || feePaid;
        FeePaid = feePaid;
        UpdatedAt = now;
    }

    private void SetProduct(ProductInfo product)
    {
        ArgumentNullException.ThrowIfNull(product);
        if (string.IsNullOrWhiteSpace(product.Name) || product.Name.Length > Limits.ShortText)
        {
            throw new DomainRuleViolation("The product name must be between 1 and {0} characters.", Limits.ShortText);
        }

        SingleLine.Require(product.Name, "Product name");
        SingleLine.Require(product.Version, "Product version");
        SingleLine.Require(product.Website, "Product website");
        if ((product.Version?.Length ?? 0) > 50)
        {
            throw new DomainRuleViolation("The product version can have at most 50 characters.");
        }

        if ((product.Description?.Length ?? 0) > Limits.Comment)
        {
            throw new DomainRuleViolation("The product description can have at most {0} characters.", Limits.Comment);
        }

        if (!string.IsNullOrWhiteSpace(product.Website)
            && (!Uri.TryCreate(product.Website.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)))
        {
            throw new DomainRuleViolation("The product website must be a full http(s) address.");
        }

        ProductName = product.Name.Trim();
        ProductVersion = product.Version?.Trim() ?? "";
        ProductDescription = product.Description?.Trim() ?? "";
        ProductWebsite = string.IsNullOrWhiteSpace(product.Website) ? null : product.Website.Trim();
    }

    private void RequireMember(Actor by)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsMemberOf(OrganizationId))
        {
            throw new DomainRuleViolation("Only members of the applicant's organization can change this application.");
        }
    }

    private void RequireAssignedAuditor(Actor by)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsInRole(Roles.Auditor) || AuditorId != by.UserId)
        {
            throw new DomainRuleViolation("Only the auditor assigned to this application can do this.");
        }
    }

    private void RequireEditable(string criterionId)
    {
        if (Status is not (ApplicationStatus.Draft or ApplicationStatus.ChangesRequested))
        {
            throw new DomainRuleViolation("The application is {0} and frozen; declarations can no longer be changed.", Status);
        }

        if (!EditableCriteria.Contains(criterionId))
        {
            if (Status == ApplicationStatus.ChangesRequested)
            {
                throw new DomainRuleViolation("{0} was not sent back by the auditor and stays as submitted.", criterionId);
            }

            throw new DomainRuleViolation("{0} is not a criterion of this application.", criterionId);
        }
    }

    private void RequireStatus(string refusal, params ApplicationStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new DomainRuleViolation(refusal, Status);
        }
    }
}

/// <summary>
/// One thing that blocks submission: what it is about (criterion id and title) and the problem, an English UI text
/// that pages translate; <see cref="ToString"/> is the English sentence.
/// </summary>
public sealed record SubmissionBlocker(string Subject, string Problem)
{
    public const string AnswerMissing = "answer missing";
    public const string EvidenceMissing = "evidence missing";
    public const string AuditorQuestionUnanswered = "answer to the auditor's question missing";

    public override string ToString() => $"{Subject} – {Problem}";
}

public sealed record ProductInfo(string Name, string? Version, string? Description, string? Website);
