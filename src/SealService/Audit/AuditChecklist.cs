using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SealService.Domain;
using SealService.Programs;

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

    public bool HasMajorNonconformity => Items.Any(i => i.Assessment?.Result == AssessmentResult.MajorNonconformity);

    public static AuditChecklist Build(SealApplication application, CriteriaCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(catalog);
        var revisions = application.Revisions.OrderByDescending(r => r.Number).ToList();
        var previous = revisions.Count >= 2 ? revisions[1] : null;
        var current = revisions.Count >= 1 ? revisions[0] : null;
        var items = new List<ChecklistItem>();
        foreach (var criterion in catalog.Criteria.OrderBy(c => c.Order))
        {
            var declaration = application.Declarations.FirstOrDefault(d => d.CriterionId == criterion.Id);
            var evidence = application.Evidence.Where(e => e.CriterionId == criterion.Id && e.IsCurrent).OrderBy(e => e.UploadedAt).ToList();
            var assessment = application.Assessments.FirstOrDefault(a => a.CriterionId == criterion.Id);
            var requests = application.ChangeRequests.Where(c => c.CriterionId == criterion.Id).OrderBy(c => c.RaisedAt).ToList();
            items.Add(new ChecklistItem(criterion, declaration, evidence, assessment, requests,
                ChangedBetween(application, criterion.Id, previous, current), application.CurrentRevision));
        }

        return new AuditChecklist(application, catalog, items, previous);
    }

    /// <summary>
    /// SHA-256 over a canonical text of the application id, the current revision and, per criterion (ordinal id order,
    /// which is the catalog's order of ids), the assessment's revision, result, comment and reviewed evidence digests.
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
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    // Length-prefixed so no value can run into its neighbour and produce the same text from different checklists.
    private static void Append(StringBuilder text, string value) =>
        text.Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(value).Append(';');

    /// <summary>
    /// Whether the applicant changed the criterion between the previous and the current submission: a declaration edit,
    /// a new evidence file or a removed one. Works from timestamps, independent of the snapshot format.
    /// </summary>
    private static bool ChangedBetween(SealApplication application, string criterionId, ApplicationRevision? previous, ApplicationRevision? current)
    {
        if (previous is null || current is null)
        {
            return false;
        }

        bool InWindow(DateTimeOffset? at) => at is { } t && t > previous.SubmittedAt && t <= current.SubmittedAt;
        var declaration = application.Declarations.FirstOrDefault(d => d.CriterionId == criterionId);
        return InWindow(declaration?.UpdatedAt)
            || application.Evidence.Any(e => e.CriterionId == criterionId && (InWindow(e.UploadedAt) || InWindow(e.RemovedAt)));
    }
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
    public bool IsAssessedInCurrentRevision => Assessment is not null && Assessment.Revision == CurrentRevision;

    public IReadOnlySet<string> ReviewedDigests => Assessment is null || Assessment.ReviewedEvidence.Length == 0
        ? new HashSet<string>(StringComparer.Ordinal)
        : Assessment.ReviewedEvidence.Split(',').ToHashSet(StringComparer.Ordinal);

    public ChangeRequest? OpenChangeRequest => ChangeRequests.FirstOrDefault(c => c.IsOpen);

    public static string ShortDigest(string sha256) => sha256.Length > 12 ? sha256[..12] : sha256;
}
