namespace SealService.Domain;

/// <summary>
/// Draft -> Submitted -> InAudit &lt;-> ChangesRequested -> Recommended -> Approved | Rejected; Approved -> Issued (once).
/// </summary>
public enum ApplicationStatus
{
    Draft,
    Submitted,
    InAudit,
    ChangesRequested,
    Recommended,
    Approved,
    Rejected,
    Issued,
}

public enum DeclarationAnswer
{
    Unanswered,
    Met,
    PartiallyMet,
    NotMet,
    NotApplicable,
}

public enum AssessmentResult
{
    Conforms,
    MinorNonconformity,
    MajorNonconformity,
    NotApplicable,
}
