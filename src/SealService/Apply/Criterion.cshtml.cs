using SealService.Renewal;

namespace SealService.Apply;

[UploadLimit]
public sealed class CriterionModel(ApplicationWorkflow workflow, EvidenceStore evidence, RenewalWorkflow renewals, TimeProvider time, UiText text)
    : ApplicationPageModel(workflow, text)
{
    [BindProperty]
    public DeclarationInput Input { get; set; } = new();

    public Criterion Criterion { get; private set; } = null!;

    public bool Editable { get; private set; }

    public int MaxMegabytes => evidence.MaxMegabytes;

    /// <summary>For a renewal: the evidence the renewed application had for this criterion, offered for reuse.</summary>
    public IReadOnlyList<EvidenceFile> PreviousFiles { get; private set; } = [];

    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public bool IsAttached(EvidenceFile previous) => Files.Any(f => f.Sha256 == previous.Sha256);

    public IReadOnlyList<EvidenceFile> Files =>
        Application.Evidence.Where(e => e.CriterionId == Criterion.Id && e.IsCurrent).OrderBy(e => e.UploadedAt).ToList();

    public ChangeRequest? OpenRequest => Application.ChangeRequests.FirstOrDefault(c => c.IsOpen && c.CriterionId == Criterion.Id);

    /// <summary>The address of one of this page's post handlers (for buttons that submit the declaration form elsewhere).</summary>
    public string HandlerUrl(string handler) =>
        Url.Page("/Apply/Criterion", handler, new { id = Application.Id, criterionId = Criterion.Id }) ?? "";

    public async Task<IActionResult> OnGetAsync(Guid id, string criterionId)
    {
        if (!await LoadCriterionAsync(id, criterionId))
        {
            return NotFound();
        }

        var declaration = Application.Declarations.Single(d => d.CriterionId == Criterion.Id);
        Input = new DeclarationInput { Answer = declaration.Answer, Explanation = declaration.Explanation };
        return Page();
    }

    public async Task<IActionResult> OnPostSaveAsync(Guid id, string criterionId)
    {
        if (!await LoadCriterionAsync(id, criterionId))
        {
            return NotFound();
        }

        if (await TryChangeAsync(() => Workflow.DeclareAsync(Application, Criterion.Id, Input.Answer, Input.Explanation ?? "", User.ToActor(), HttpContext.RequestAborted), "Input.Explanation"))
        {
            TempData["Success"] = Text.Format("Your declaration for {0} is saved as a draft.", Criterion.Id);
            return RedirectToPage(new { id, criterionId = Criterion.Id });
        }

        if (!Editable)
        {
            // Refused because the criterion is frozen: show what is stored, not what was posted.
            KeepDeclarationOnPage();
        }

        return Page();
    }

    /// <summary>
    /// The evidence buttons submit the declaration form too, so what the person typed travels with the upload: it is
    /// saved as the draft first (never silently reset). False when that save was refused; the page then shows why.
    /// </summary>
    private async Task<bool> SaveTypedDeclarationAsync()
    {
        if (!Request.HasFormContentType || !Request.Form.ContainsKey("Input.Answer"))
        {
            KeepDeclarationOnPage();
            return true;
        }

        var stored = Application.Declarations.Single(d => d.CriterionId == Criterion.Id);
        if (!Editable || (stored.Answer == Input.Answer && string.Equals(stored.Explanation, Input.Explanation ?? "", StringComparison.Ordinal)))
        {
            return true;
        }

        return await TryChangeAsync(() => Workflow.DeclareAsync(Application, Criterion.Id, Input.Answer, Input.Explanation ?? "", User.ToActor(), HttpContext.RequestAborted), "Input.Explanation");
    }

    public async Task<IActionResult> OnPostUploadAsync(Guid id, string criterionId, IFormFile? upload, DateOnly? validUntil)
    {
        if (!await LoadCriterionAsync(id, criterionId))
        {
            return NotFound();
        }

        if (upload is null)
        {
            ModelState.AddModelError("upload", Text["Choose a file to upload."]);
            return Page();
        }

        if (!await SaveTypedDeclarationAsync())
        {
            return Page();
        }

        await using var content = upload.OpenReadStream();
        if (await TryChangeAsync(() => evidence.AddAsync(Application, Criterion.Id, upload.FileName, upload.Length, content, validUntil, User.ToActor(), HttpContext.RequestAborted), "upload"))
        {
            TempData["Success"] = Text.Format("{0} is attached.", Path.GetFileName(upload.FileName));
            return RedirectToPage(new { id, criterionId = Criterion.Id });
        }

        return Page();
    }

    public async Task<IActionResult> OnPostRemoveAsync(Guid id, string criterionId, Guid evidenceId)
    {
        if (!await LoadCriterionAsync(id, criterionId))
        {
            return NotFound();
        }

        if (!await SaveTypedDeclarationAsync())
        {
            return Page();
        }

        if (await TryChangeAsync(() => Workflow.RemoveEvidenceAsync(Application, evidenceId, User.ToActor(), HttpContext.RequestAborted)))
        {
            TempData["Success"] = Text["The evidence file is removed from the application."];
            return RedirectToPage(new { id, criterionId = Criterion.Id });
        }

        return Page();
    }

    public async Task<IActionResult> OnPostReuseAsync(Guid id, string criterionId, Guid previousEvidenceId)
    {
        if (!await LoadCriterionAsync(id, criterionId))
        {
            return NotFound();
        }

        if (!await SaveTypedDeclarationAsync())
        {
            return Page();
        }

        if (await TryChangeAsync(async () =>
            {
                var file = await renewals.ReuseEvidenceAsync(Application, previousEvidenceId, User.ToActor(), HttpContext.RequestAborted);
                TempData["Success"] = Text.Format("{0} is attached.", file.OriginalName);
            }))
        {
            return RedirectToPage(new { id, criterionId = Criterion.Id });
        }

        return Page();
    }

    private void KeepDeclarationOnPage()
    {
        var declaration = Application.Declarations.Single(d => d.CriterionId == Criterion.Id);
        ModelState.Remove("Input.Answer");
        ModelState.Remove("Input.Explanation");
        Input = new DeclarationInput { Answer = declaration.Answer, Explanation = declaration.Explanation };
    }

    private async Task<bool> LoadCriterionAsync(Guid id, string criterionId)
    {
        if (!await LoadAsync(id) || Catalog.Find(criterionId) is not { } criterion)
        {
            return false;
        }

        Criterion = criterion;
        Editable = Application.EditableCriteria.Contains(criterion.Id);
        if (Editable)
        {
            PreviousFiles = await renewals.PreviousEvidenceAsync(Application, criterion.Id, HttpContext.RequestAborted);
        }

        return true;
    }
}

public sealed class DeclarationInput
{
    public DeclarationAnswer Answer { get; set; }

    public string? Explanation { get; set; }
}
