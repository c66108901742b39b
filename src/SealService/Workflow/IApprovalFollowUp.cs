using SealService.Domain;

namespace SealService.Workflow;

/// <summary>What happens after a certifier approved an application and the approval is saved (issuing the certificate).</summary>
public interface IApprovalFollowUp
{
    Task OnApprovedAsync(Guid applicationId, Actor by, CancellationToken ct);
}
