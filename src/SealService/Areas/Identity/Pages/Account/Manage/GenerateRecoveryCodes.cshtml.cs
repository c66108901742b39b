using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace SealService.Areas.Identity.Pages.Account.Manage;

/// <summary>Replaces all recovery codes with ten new ones; the old ones stop working.</summary>
[Authorize]
public sealed class GenerateRecoveryCodesModel(UserManager<AppUser> users, UiText text, ILogger<GenerateRecoveryCodesModel> logger) : PageModel
{
    [TempData]
    public string[]? RecoveryCodes { get; set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            TempData["Error"] = text["Recovery codes need two-factor authentication. Set up an authenticator app first."];
            return RedirectToPage("./TwoFactorAuthentication");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            TempData["Error"] = text["Recovery codes need two-factor authentication. Set up an authenticator app first."];
            return RedirectToPage("./TwoFactorAuthentication");
        }

        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))?.ToArray();
        logger.LogInformation("User generated new recovery codes");
        StatusMessage = text["You have new recovery codes. The old ones no longer work."];
        return RedirectToPage("./ShowRecoveryCodes");
    }
}
