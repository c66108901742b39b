namespace SealService.Domain;

/// <summary>The applicant's statement for one criterion: whether and how it is met.</summary>
public sealed class Declaration : CriterionEntry
{
    private Declaration()
    {
    }

    internal Declaration(Guid applicationId, string criterionId)
        : base(applicationId, criterionId)
    {
    }

    public DeclarationAnswer Answer { get; private set; }
    public string Explanation { get; private set; } = "";
    public DateTimeOffset? UpdatedAt { get; private set; }
    public string? UpdatedById { get; private set; }

    public bool IsAnswered => Answer != DeclarationAnswer.Unanswered && !string.IsNullOrWhiteSpace(Explanation);

    internal void Set(DeclarationAnswer answer, string explanation, Actor by, DateTimeOffset now)
    {
        if (explanation.Length > Limits.DeclarationText)
        {
            throw new DomainRuleViolation("The explanation for {0} is longer than {1} characters.", CriterionId, Limits.DeclarationText);
        }

        Answer = answer;
        Explanation = explanation.Trim();
        UpdatedAt = now;
        UpdatedById = by.UserId;
    }
}

public static class Limits
{
    public const int DeclarationText = 8000;
    public const int Comment = 4000;
    public const int ShortText = 200;
}
