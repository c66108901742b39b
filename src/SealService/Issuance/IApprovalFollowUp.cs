namespace SealService.Issuance;

/// <summary>
/// What happens after an approval is committed (issuing the certificate). Implementations are called in registration
/// order, after the decision is saved, so a failing follow-up can never undo or half-record the decision.
/// </summary>
public interface IApprovalFollowUp
{
    Task OnApprovedAsync(Guid applicationId, Actor by, CancellationToken ct);
}
