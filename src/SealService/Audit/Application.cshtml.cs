namespace SealService.Audit;

public sealed class ApplicationModel(AuditWorkflow workflow, UiText text) : PageModel, IRefusalForm
{
    public AuditChecklist Checklist { get; private set; } = null!;

    public bool CanAssess { get; private set; }

    /// <summary>What the auditor posted for a criterion whose assessment was refused: shown again instead of the stored values.</summary>
    public AssessInput? Refused { get; private set; }

    public AssessInput? RefusedFor(string criterionId) =>
        Refused is { } refused && string.Equals(refused.CriterionId, criterionId, StringComparison.Ordinal) ? refused : null;

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAssessAsync(Guid id, AssessInput assess, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assess);
        if (assess.Result is not { } result)
        {
            return await RefuseAsync(id, assess, "assess.Result", text["Choose a result for this criterion."], ct);
        }

        var input = new AssessmentInput(assess.CriterionId ?? "", result, assess.Comment, assess.ReviewedEvidence ?? []);
        if (!await workflow.AssessAsync(id, input, User.ToActor(), ct))
        {
            return NotFound();
        }

        TempData["Success"] = text.Format("Assessment saved: {0}", input.CriterionId);
        return Redirect($"/Audit/Application/{id}#criterion-{input.CriterionId}");
    }

    private async Task<IActionResult> RefuseAsync(Guid id, AssessInput assess, string field, string message, CancellationToken ct)
    {
        if (await ShowRefusedAsync(id, assess, ct) is { } elsewhere)
        {
            TempData["Error"] = message;
            return elsewhere;
        }

        ModelState.AddModelError(field, message);
        return Page();
    }

    /// <summary>
    /// Shows the checklist again with the refused assessment as the auditor posted it; null when that form is on the page, or
    /// where to go instead (404, or the application itself when there is no form to put the message next to).
    /// </summary>
    private async Task<IActionResult?> ShowRefusedAsync(Guid id, AssessInput assess, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        if (!CanAssess || !Checklist.Items.Any(i => string.Equals(i.Criterion.Id, assess.CriterionId, StringComparison.Ordinal)))
        {
            // Not the assigned auditor, unknown criterion: the message goes to the top of the application.
            return Redirect($"/Audit/Application/{id}");
        }

        Refused = assess;
        ModelState.Clear();
        return null;
    }

    /// <summary>A refused assessment keeps everything the auditor chose and typed; the other actions come back as a notice.</summary>
    public async Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments)
    {
        var id = arguments.Get<Guid>("id");
        return arguments.Handler == "Assess" && arguments.Get<AssessInput>("assess") is { } assess
            ? await ShowRefusedAsync(id, assess, HttpContext.RequestAborted)
            : Redirect($"/Audit/Application/{id}");
    }

    /// <summary>The message goes to the field it is about: the comment for a nonconformity or an over-long comment, else the result.</summary>
    public string FieldOf(DomainRuleViolation refusal, RefusalArguments arguments) =>
        arguments.Get<AssessInput>("assess") is { } assess
        && (assess.Result is AssessmentResult.MinorNonconformity or AssessmentResult.MajorNonconformity || (assess.Comment?.Length ?? 0) > Limits.Comment)
            ? "assess.Comment"
            : "assess.Result";

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = User.ToActor();
        var checklist = await workflow.ChecklistAsync(id, actor, ct);
        if (checklist is null)
        {
            return false;
        }

        Checklist = checklist;
        CanAssess = checklist.Application.Status == ApplicationStatus.InAudit && checklist.Application.AuditorId == actor.UserId && actor.IsInRole(Roles.Auditor);
        return true;
    }

    public async Task<IActionResult> OnPostReopenAsync(Guid id, string criterionId, CancellationToken ct) =>
        await RunAsync(id, () => workflow.ReopenAsync(id, criterionId ?? "", User.ToActor(), ct),
            text.Format("Reopened for assessment: {0}", criterionId ?? ""), "criterion-" + criterionId);

    public async Task<IActionResult> OnPostRequestChangesAsync(Guid id, ChangesInput changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var questions = (changes.Items ?? [])
            .Where(i => i.Selected && !string.IsNullOrWhiteSpace(i.CriterionId))
            .GroupBy(i => i.CriterionId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Question ?? "", StringComparer.Ordinal);
        return await RunAsync(id, () => workflow.RequestChangesAsync(id, questions, User.ToActor(), ct),
            text["The questions were sent to the applicant."], null);
    }

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<bool>> action, string success, string? fragment)
    {
        if (!await action())
        {
            return NotFound();
        }

        TempData["Success"] = success;
        return Redirect($"/Audit/Application/{id}" + (fragment is null ? "" : "#" + fragment));
    }

    public sealed class AssessInput
    {
        public string? CriterionId { get; set; }
        public AssessmentResult? Result { get; set; }
        public string? Comment { get; set; }
        public List<string>? ReviewedEvidence { get; set; }
    }

    public sealed class ChangesInput
    {
        public List<ChangeItem>? Items { get; set; }
    }

    public sealed class ChangeItem
    {
        public string? CriterionId { get; set; }
        public bool Selected { get; set; }
        public string? Question { get; set; }
    }
}
