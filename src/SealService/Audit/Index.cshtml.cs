namespace SealService.Audit;

public sealed class IndexModel(AuditWorkflow workflow, StaffDirectory staff, SealProgramCatalog programs, UiText text) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Program { get; set; }

    [BindProperty(SupportsGet = true)]
    public ApplicationStatus? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? OlderThanDays { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Assignee { get; set; }

    public IReadOnlyList<QueueRow> Rows { get; private set; } = [];
    public IReadOnlyList<StaffMember> Auditors { get; private set; } = [];
    public IReadOnlyList<SealProgram> Programs => programs.Programs;

    public bool CanAssign => User.IsInRole(Roles.Certifier) || User.IsInRole(Roles.Admin);
    public bool IsAuditor => User.IsInRole(Roles.Auditor);
    public string CurrentUserId => User.ToActor().UserId;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.ToActor();
        Assignee ??= AuditQueueFilter.Anyone;
        Rows = await workflow.QueueAsync(new AuditQueueFilter(Program, Status, OlderThanDays, Assignee), actor, ct);
        if (CanAssign)
        {
            Auditors = await staff.AuditorsAsync();
        }
    }

    public async Task<IActionResult> OnPostAssignAsync(Guid applicationId, string auditorId, CancellationToken ct)
    {
        if (!CanAssign)
        {
            return Forbid();
        }

        return await RunAsync(() => workflow.AssignAsync(applicationId, auditorId, User.ToActor(), ct), text["The auditor is assigned."]);
    }

    public async Task<IActionResult> OnPostTakeOverAsync(Guid applicationId, CancellationToken ct)
    {
        if (!IsAuditor)
        {
            return Forbid();
        }

        var actor = User.ToActor();
        if (!await workflow.AssignAsync(applicationId, actor.UserId, actor, ct))
        {
            return NotFound();
        }

        // Taking over means starting the work: open the application and say which one it is.
        var product = (await workflow.ChecklistAsync(applicationId, actor, ct))?.Application.ProductName ?? "";
        TempData["Success"] = text.Format("You are now the auditor of {0}.", product);
        return Redirect($"/Audit/Application/{applicationId}");
    }

    private async Task<IActionResult> RunAsync(Func<Task<bool>> action, string success)
    {
        if (!await action())
        {
            return NotFound();
        }

        TempData["Success"] = success;
        return RedirectToPage(new { Program, Status, OlderThanDays, Assignee });
    }
}
