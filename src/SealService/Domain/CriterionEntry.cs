namespace SealService.Domain;

/// <summary>What one party records about one criterion of an application: the applicant's declaration, the auditor's assessment.</summary>
public abstract class CriterionEntry
{
    protected CriterionEntry()
    {
    }

    protected CriterionEntry(Guid applicationId, string criterionId)
    {
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        CriterionId = criterionId;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string CriterionId { get; private set; } = "";
}
