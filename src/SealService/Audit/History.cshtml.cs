namespace SealService.Audit;

public sealed class HistoryModel(AuditWorkflow workflow) : PageModel
{
    public ApplicationHistory History { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var history = await workflow.HistoryAsync(id, User.ToActor(), ct);
        if (history is null)
        {
            return NotFound();
        }

        History = history;
        return Page();
    }
}
