using Microsoft.AspNetCore.Authorization;

namespace SealService.Areas.Identity.Pages.Account.Manage;

/// <summary>Shows freshly generated recovery codes once; they come only through TempData, so a reload shows nothing.</summary>
[Authorize]
public sealed class ShowRecoveryCodesModel : PageModel
{
    [TempData]
    public string[]? RecoveryCodes { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public IActionResult OnGet() =>
        RecoveryCodes is null || RecoveryCodes.Length == 0 ? RedirectToPage("./TwoFactorAuthentication") : Page();
}
