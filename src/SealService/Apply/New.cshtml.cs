using System.ComponentModel.DataAnnotations;
using SealService.Infrastructure.Validation;

namespace SealService.Apply;

public sealed class NewModel(ApplicationWorkflow workflow, SealProgramCatalog programs, UiText text) : PageModel, IRefusalForm
{
    [BindProperty]
    public NewApplicationInput Input { get; set; } = new();

    public IReadOnlyList<SealProgram> Programs => programs.Programs;

    public void OnGet(string? program = null) => Input.ProgramId = programs.FindProgram(program ?? "")?.Id ?? "";

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var application = await workflow.StartAsync(Input.ProgramId,
            new ProductInfo(Input.ProductName, Input.ProductVersion, Input.ProductDescription, Input.ProductWebsite), User.ToActor(), HttpContext.RequestAborted);
        TempData["Success"] = text["Your application is created as a draft. Answer every criterion, then submit."];
        return RedirectToPage("/Apply/Application", new { id = application.Id });
    }

    /// <summary>A refused post shows the form again as it was posted, the message in the summary at the top.</summary>
    public Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments) => Task.FromResult<IActionResult?>(null);
}

public sealed class NewApplicationInput
{
    [Required(ErrorMessage = "Choose one of the seal programs.")]
    public string ProgramId { get; set; } = "";

    [Required(ErrorMessage = "Enter the product name.")]
    [StringLength(200)]
    [SingleLine]
    public string ProductName { get; set; } = "";

    [StringLength(50)]
    [SingleLine]
    public string? ProductVersion { get; set; }

    [StringLength(4000)]
    public string? ProductDescription { get; set; }

    [Url(ErrorMessage = "Enter the product website as a full address, e.g. https://www.example.com.")]
    [StringLength(300)]
    [SingleLine]
    public string? ProductWebsite { get; set; }
}
