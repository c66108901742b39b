namespace SealService.Domain;

/// <summary>The auditor's result for one criterion, with the evidence (by digest) they reviewed.</summary>
public sealed class Assessment : CriterionEntry
{
    private Assessment()
    {
    }

    internal Assessment(Guid applicationId, string criterionId)
        : base(applicationId, criterionId)
    {
    }

    public AssessmentResult Result { get; private set; }
    public string Comment { get; private set; } = "";

    /// <summary>SHA-256 digests of the evidence files the auditor reviewed, comma-separated.</summary>
    public string ReviewedEvidence { get; private set; } = "";

    /// <summary>The revision this result applies to: the one assessed, or a later one it was carried over into.</summary>
    public int Revision { get; private set; }

    /// <summary>
    /// Set while the result was carried over from an earlier revision without the auditor looking again: the revision the
    /// auditor actually assessed. Null for a result given to <see cref="Revision"/> itself.
    /// </summary>
    public int? CarriedFromRevision { get; private set; }

    public string AssessedById { get; private set; } = "";
    public DateTimeOffset AssessedAt { get; private set; }

    public bool IsCarriedOver => CarriedFromRevision is not null;

    internal void Set(AssessmentResult result, string comment, IEnumerable<string> reviewedEvidence, int revision, Actor by, DateTimeOffset now)
    {
        if (comment.Length > Limits.Comment)
        {
            throw new DomainRuleViolation("The comment is longer than {0} characters.", Limits.Comment);
        }

        if (result is AssessmentResult.MinorNonconformity or AssessmentResult.MajorNonconformity && string.IsNullOrWhiteSpace(comment))
        {
            throw new DomainRuleViolation("A nonconformity needs a comment that says what is wrong.");
        }

        Result = result;
        Comment = comment.Trim();
        ReviewedEvidence = string.Join(',', reviewedEvidence.Order(StringComparer.Ordinal));
        Revision = revision;
        CarriedFromRevision = null;
        AssessedById = by.UserId;
        AssessedAt = now;
    }

    /// <summary>Keeps the result for <paramref name="revision"/>: nothing the auditor judged has changed since.</summary>
    internal void CarryOver(int revision)
    {
        CarriedFromRevision ??= Revision;
        Revision = revision;
    }

    /// <summary>Takes a carried-over result back to the revision it was given for, so the current revision needs a new one.</summary>
    internal void Reopen()
    {
        Revision = CarriedFromRevision ?? Revision;
        CarriedFromRevision = null;
    }
}

/// <summary>A question the auditor sends back to the applicant about one criterion, and the applicant's answer.</summary>
public sealed class ChangeRequest
{
    private ChangeRequest()
    {
    }

    internal ChangeRequest(Guid applicationId, string criterionId, string question, int revision, Actor by, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        CriterionId = criterionId;
        Question = question.Trim();
        RaisedInRevision = revision;
        RaisedById = by.UserId;
        RaisedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string CriterionId { get; private set; } = "";
    public string Question { get; private set; } = "";
    public int RaisedInRevision { get; private set; }
    public string RaisedById { get; private set; } = "";
    public DateTimeOffset RaisedAt { get; private set; }
    public string? Answer { get; private set; }
    public int? AnsweredInRevision { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    public bool IsOpen => AnsweredInRevision is null;

    internal void SetAnswer(string answer) => Answer = answer.Trim();

    internal void Close(int revision, DateTimeOffset now)
    {
        AnsweredInRevision = revision;
        AnsweredAt = now;
    }
}
