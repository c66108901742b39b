using SealService.Infrastructure.Validation;

namespace SealService.Apply;

public sealed class SubmitModel(ApplicationWorkflow workflow, UiText text) : ApplicationPageModel(workflow, text), IRefusalForm
{
    [BindProperty]
    public AttestationInput Input { get; set; } = new();

    public IReadOnlyList<SubmissionBlocker> Blockers { get; private set; } = [];

    /// <summary>The language the attestation is shown in; posted back so exactly this text is stored.</summary>
    public string AttestationLanguage => Catalog.Languages.Contains(Input.Language ?? "", StringComparer.OrdinalIgnoreCase)
        ? Input.Language!
        : Catalog.Languages.Contains(UiText.CurrentLanguage, StringComparer.OrdinalIgnoreCase) ? UiText.CurrentLanguage : Catalog.DefaultLanguage;

    public string AttestationText => Catalog.Attestation.In(AttestationLanguage);

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (Application.Status is not (ApplicationStatus.Draft or ApplicationStatus.ChangesRequested))
        {
            return RedirectToApplication();
        }

        Blockers = Application.SubmissionBlockers(Catalog);
        Input.Language = AttestationLanguage;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        Input.Language = AttestationLanguage;
        if (!Input.Confirm)
        {
            ModelState.AddModelError(string.Empty, "Tick the box to confirm the attestation.");
        }

        if (string.IsNullOrWhiteSpace(Input.Name) || string.IsNullOrWhiteSpace(Input.Role))
        {
            ModelState.AddModelError(string.Empty, "The attestation needs the name and role of the person who confirms it.");
        }

        if (ModelState.ErrorCount > 0)
        {
            Blockers = Application.SubmissionBlockers(Catalog);
            return Page();
        }

        var wasDraft = Application.Status == ApplicationStatus.Draft;
        try
        {
            await Workflow.SubmitAsync(Application, Input.Name!, Input.Role!, AttestationLanguage, User.ToActor(), HttpContext.RequestAborted);
            return RedirectToApplication(wasDraft
                ? "Your application is submitted. The certification body will assign an auditor; you will be notified by e-mail."
                : "Your answers are submitted as a new revision. The auditor will continue the review.");
        }
        catch (SubmissionRefused ex)
        {
            Blockers = ex.Blockers;
            ModelState.AddModelError(string.Empty, "The application cannot be submitted yet. Complete the items listed below.");
        }

        return Page();
    }

    /// <summary>A refused submission shows the attestation again as typed, with what still blocks it.</summary>
    public Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments)
    {
        Blockers = Application.SubmissionBlockers(Catalog);
        return Task.FromResult<IActionResult?>(null);
    }
}

public sealed class AttestationInput
{
    [SingleLine]
    public string? Name { get; set; }

    [SingleLine]
    public string? Role { get; set; }

    public bool Confirm { get; set; }

    public string? Language { get; set; }
}
