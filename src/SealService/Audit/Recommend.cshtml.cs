namespace SealService.Audit;

public sealed class RecommendModel(AuditWorkflow workflow, UiText text) : PageModel, IRefusalForm
{
    public AuditChecklist Checklist { get; private set; } = null!;

    [BindProperty]
    public RecommendInput Input { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!await workflow.RecommendAsync(id, Input.Approve, Input.Summary ?? "", User.ToActor(), ct))
        {
            return NotFound();
        }

        TempData["Success"] = text["Your recommendation is recorded and goes to a certifier."];
        return Redirect($"/Audit/Application/{id}");
    }

    /// <summary>A refused recommendation shows the form again with the typed summary.</summary>
    public async Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments) =>
        await LoadAsync(arguments.Get<Guid>("id"), HttpContext.RequestAborted) ? null : NotFound();

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var checklist = await workflow.ChecklistAsync(id, User.ToActor(), ct);
        if (checklist is null)
        {
            return false;
        }

        Checklist = checklist;
        return true;
    }

    public sealed class RecommendInput
    {
        public bool Approve { get; set; } = true;
        public string? Summary { get; set; }
    }
}
