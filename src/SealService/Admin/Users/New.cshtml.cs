using System.ComponentModel.DataAnnotations;
using SealService.Infrastructure.Validation;

namespace SealService.Admin.Users;

/// <summary>Creates a staff account; the new user receives a link to choose a password.</summary>
public sealed class NewModel(UserAdministration accounts, PublicUrls urls, UiText text) : PageModel, IRefusalForm
{
    [BindProperty]
    public NewStaffInput Input { get; set; } = new();

    public void OnGet() => Input.Language = UiText.CurrentLanguage;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!UiText.SupportedLanguages.Contains(Input.Language))
        {
            ModelState.AddModelError("Input.Language", text["Choose a language."]);
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await accounts.CreateStaffAsync(
            new NewStaffAccount(Input.Email, Input.DisplayName, Input.Roles, Input.Language),
            code => urls.Absolute(Url.Page("/Account/ResetPassword", pageHandler: null, values: new { area = "Identity", code })!),
            User.ToActor(),
            ct);
        TempData["Success"] = text.Format("Account created. {0} received a link to choose a password.", user.Email);
        return RedirectToPage("/Admin/Users/Details", new { id = user.Id });
    }

    /// <summary>A refused post shows the form again as it was posted, the message in the summary at the top.</summary>
    public Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments) => Task.FromResult<IActionResult?>(null);
}

public sealed class NewStaffInput
{
    [Required(ErrorMessage = "Enter the e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [StringLength(256)]
    [SingleLine]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Enter the name.")]
    [StringLength(200)]
    [SingleLine]
    public string DisplayName { get; set; } = "";

    public List<string> Roles { get; set; } = [];

    public string Language { get; set; } = "en";
}
