using SealService.Audit;

namespace SealService.Certify;

public sealed class IndexModel(CertificationDecisions decisions) : PageModel
{
    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await decisions.AwaitingDecisionAsync(User.ToActor(), ct);
}
