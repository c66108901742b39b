using Microsoft.AspNetCore.Mvc.RazorPages;
using SealService.Infrastructure;
using SealService.Workflow;

namespace SealService.Pages.Certify;

public sealed class IndexModel(CertificationDecisions decisions) : PageModel
{
    public IReadOnlyList<AuditQueueRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await decisions.AwaitingDecisionAsync(User.ToActor(), ct);
}
