namespace SealService.Domain;

/// <summary>The auditor's result for one criterion, with the evidence (by digest) they reviewed.</summary>
public sealed class Assessment
{
    private Assessment()
    {
    }

    internal Assessment(Guid applicationId, string criterionId)
    {
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        CriterionId = criterionId;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string CriterionId { get; private set; } = "";
    public AssessmentResult Result { get; private set; }
    public string Comment { get; private set; } = "";

    /// <summary>SHA-256 digests of the evidence files the auditor reviewed, comma-separated.</summary>
    public string ReviewedEvidence { get; private set; } = "";
    public int Revision { get; private set; }
    public string AssessedById { get; private set; } = "";
    public DateTimeOffset AssessedAt { get; private set; }

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
        AssessedById = by.UserId;
        AssessedAt = now;
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
