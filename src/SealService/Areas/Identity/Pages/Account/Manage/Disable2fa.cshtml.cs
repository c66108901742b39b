using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace SealService.Areas.Identity.Pages.Account.Manage;

[Authorize]
public sealed class Disable2faModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, UiText text, ILogger<Disable2faModel> logger) : PageModel
{
    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (!await users.GetTwoFactorEnabledAsync(user))
        {
            TempData["Error"] = text["Two-factor authentication is not turned on."];
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

        if (!(await users.SetTwoFactorEnabledAsync(user, false)).Succeeded)
        {
            TempData["Error"] = text["Two-factor authentication could not be turned off. Please try again."];
            return RedirectToPage("./TwoFactorAuthentication");
        }

        // The change gave the account a new security stamp, which ends its sessions; this one continues.
        await signIn.RefreshSignInAsync(user);
        logger.LogInformation("User turned off two-factor authentication");
        TempData["Success"] = text["Two-factor authentication is turned off. You can turn it on again by setting up an authenticator app."];
        return RedirectToPage("./TwoFactorAuthentication");
    }
}
