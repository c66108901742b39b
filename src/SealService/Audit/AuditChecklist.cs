using System.Security.Cryptography;
using System.Text;
using SealService.Apply;

namespace SealService.Audit;

/// <summary>
/// The auditor's checklist for one application: per criterion of the pinned catalog version the requirement, the
/// applicant's declaration and evidence, the assessment and what changed since the previous revision.
/// </summary>
public sealed class AuditChecklist
{
    private AuditChecklist(SealApplication application, CriteriaCatalog catalog, IReadOnlyList<ChecklistItem> items, ApplicationRevision? previousRevision)
    {
        Application = application;
        Catalog = catalog;
        Items = items;
        PreviousRevision = previousRevision;
        Digest = ComputeDigest(application);
    }

    public SealApplication Application { get; }
    public CriteriaCatalog Catalog { get; }
    public IReadOnlyList<ChecklistItem> Items { get; }

    /// <summary>The revision before the current one; null until the applicant has resubmitted at least once.</summary>
    public ApplicationRevision? PreviousRevision { get; }

    public string Digest { get; }

    public int AssessedCount => Items.Count(i => i.IsAssessedInCurrentRevision);

    public int ChangedCount => Items.Count(i => i.ChangedSincePreviousRevision);

    /// <summary>Results that hold for the current revision because they were carried over from an earlier one.</summary>
    public int CarriedOverCount => Items.Count(i => i.IsCarriedOver);

    /// <summary>Criteria assessed before that must be assessed again for the current revision.</summary>
    public int ReopenedCount => Items.Count(i => i.IsReopened);

    public bool HasMajorNonconformity => Items.Any(i => i.Assessment?.Result == AssessmentResult.MajorNonconformity);

    public static AuditChecklist Build(SealApplication application, CriteriaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(catalog);
        var revisions = application.Revisions.OrderByDescending(r => r.Number).ToList();
        var previous = revisions.Count >= 2 ? revisions[1] : null;
        var previousContent = previous is null ? null : ApplicationSnapshot.Read(previous.SnapshotJson);
        var items = new List<ChecklistItem>();
        foreach (var criterion in catalog.Criteria.OrderBy(c => c.Order))
        {
            var declaration = application.Declarations.FirstOrDefault(d => d.CriterionId == criterion.Id);
            var evidence = application.Evidence.Where(e => e.CriterionId == criterion.Id && e.IsCurrent).OrderBy(e => e.UploadedAt).ToList();
            var assessment = application.Assessments.FirstOrDefault(a => a.CriterionId == criterion.Id);
            var requests = application.ChangeRequests.Where(c => c.CriterionId == criterion.Id).OrderBy(c => c.RaisedAt).ToList();
            var changed = application.ChangedSincePreviousRevision(criterion.Id);
            var questioned = application.QuestionedBeforeCurrentRevision(criterion.Id);
            var changes = previous is not null && (changed || questioned)
                ? CriterionChanges.Between(previous.Number, previousContent, criterion.Id, declaration, evidence)
                : null;
            items.Add(new ChecklistItem(criterion, declaration, evidence, assessment, requests, changed, application.CurrentRevision)
            {
                QuestionedBeforeCurrentRevision = questioned,
                Changes = changes,
            });
        }

        return new AuditChecklist(application, catalog, items, previous);
    }

    /// <summary>
    /// SHA-256 over a canonical text of the application id, the current revision and, per criterion (ordinal id order,
    /// which is the catalog's order of ids), the assessment's revision, result, comment, reviewed evidence digests and, for
    /// a result carried over, the revision it was given for.
    /// The auditor's recommendation stores it; the certifier's decision must present the same value.
    /// </summary>
    public static string ComputeDigest(SealApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        var text = new StringBuilder();
        Append(text, "seal-audit-checklist-v1");
        Append(text, application.Id.ToString("D"));
        Append(text, application.CurrentRevision.ToString(CultureInfo.InvariantCulture));
        foreach (var criterionId in application.Declarations.Select(d => d.CriterionId).Order(StringComparer.Ordinal))
        {
            Append(text, criterionId);
            var assessment = application.Assessments.FirstOrDefault(a => a.CriterionId == criterionId);
            if (assessment is null)
            {
                Append(text, "unassessed");
                continue;
            }

            Append(text, assessment.Revision.ToString(CultureInfo.InvariantCulture));
            Append(text, assessment.Result.ToString());
            Append(text, assessment.Comment);
            Append(text, assessment.ReviewedEvidence);
            if (assessment.CarriedFromRevision is { } carriedFrom)
            {
                // Only carried results add a field, so digests of checklists without any stay as they were.
                Append(text, "carried-from:" + carriedFrom.ToString(CultureInfo.InvariantCulture));
            }
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Length-prefixed so no value can run into its neighbour and produce the same text from different checklists.
    private static void Append(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');
}

public sealed record ChecklistItem(
    Criterion Criterion,
    Declaration? Declaration,
    IReadOnlyList<EvidenceFile> Evidence,
    Assessment? Assessment,
    IReadOnlyList<ChangeRequest> ChangeRequests,
    bool ChangedSincePreviousRevision,
    int CurrentRevision)
{
    /// <summary>The auditor asked about this criterion and the current revision is the applicant's answer.</summary>
    public bool QuestionedBeforeCurrentRevision { get; init; }

    /// <summary>What changed since the previous revision, for a criterion that changed or was asked about; null otherwise.</summary>
    public CriterionChanges? Changes { get; init; }

    public bool IsAssessedInCurrentRevision => Assessment is not null && Assessment.Revision == CurrentRevision;

    /// <summary>The result holds for the current revision because nothing the auditor judged changed since they gave it.</summary>
    public bool IsCarriedOver => IsAssessedInCurrentRevision && Assessment!.IsCarriedOver;

    /// <summary>Assessed for an earlier revision, but changed, asked about or reopened since: it must be assessed again.</summary>
    public bool IsReopened => Assessment is not null && !IsAssessedInCurrentRevision;

    /// <summary>Shown highlighted to the auditor: the applicant changed it or answered a question about it.</summary>
    public bool IsHighlighted => ChangedSincePreviousRevision || QuestionedBeforeCurrentRevision;

    public IReadOnlySet<string> ReviewedDigests => Assessment is null || Assessment.ReviewedEvidence.Length == 0
        ? new HashSet<string>(StringComparer.Ordinal)
        : Assessment.ReviewedEvidence.Split(',').ToHashSet(StringComparer.Ordinal);

    public ChangeRequest? OpenChangeRequest => ChangeRequests.FirstOrDefault(c => c.IsOpen);

    public static string ShortDigest(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}

/// <summary>
/// One criterion compared with the previous revision: the declaration then (null when that revision's snapshot cannot be
/// read) and the evidence files added and removed since.
/// </summary>
public sealed record CriterionChanges(int PreviousRevision, SnapshotDeclaration? Previous, bool DeclarationChanged,
    IReadOnlyList<SnapshotEvidence> EvidenceAdded, IReadOnlyList<SnapshotEvidence> EvidenceRemoved)
{
    public bool EvidenceChanged => EvidenceAdded.Count > 0 || EvidenceRemoved.Count > 0;

    public static CriterionChanges Between(int previousRevision, SnapshotContent? previous, string criterionId, Declaration? declaration,
        IReadOnlyList<EvidenceFile> currentEvidence)
    {
        ArgumentNullException.ThrowIfNull(currentEvidence);
        if (previous is null)
        {
            return new CriterionChanges(previousRevision, null, false, [], []);
        }

        var before = previous.Declarations.GetValueOrDefault(criterionId) ?? new SnapshotDeclaration(DeclarationAnswer.Unanswered, "");
        var declarationChanged = before.Answer != (declaration?.Answer ?? DeclarationAnswer.Unanswered)
            || !string.Equals(before.Explanation, declaration?.Explanation ?? "", StringComparison.Ordinal);
        var beforeFiles = previous.Evidence.Where(e => e.CriterionId == criterionId).ToList();
        var beforeDigests = beforeFiles.Select(e => e.Sha256).ToHashSet(StringComparer.Ordinal);
        var nowDigests = currentEvidence.Select(e => e.Sha256).ToHashSet(StringComparer.Ordinal);
        var added = currentEvidence.Where(e => !beforeDigests.Contains(e.Sha256))
            .Select(e => new SnapshotEvidence(e.Id, e.CriterionId, e.OriginalName, e.Sha256)).ToList();
        var removed = beforeFiles.Where(e => !nowDigests.Contains(e.Sha256)).ToList();
        return new CriterionChanges(previousRevision, before, declarationChanged, added, removed);
    }
}
