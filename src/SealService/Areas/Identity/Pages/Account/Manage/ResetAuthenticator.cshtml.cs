using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace SealService.Areas.Identity.Pages.Account.Manage;

/// <summary>Replaces the authenticator key (a lost or copied phone): two factors are off until the app is set up again.</summary>
[Authorize]
public sealed class ResetAuthenticatorModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, UiText text, ILogger<ResetAuthenticatorModel> logger) : PageModel
{
    public async Task<IActionResult> OnGetAsync() => await users.GetUserAsync(User) is null ? NotFound() : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        logger.LogInformation("User reset the authenticator key");
        await signInManager.RefreshSignInAsync(user);
        TempData["Success"] = text["Your authenticator key has been reset. Set up the authenticator app with the new key."];
        return RedirectToPage("./EnableAuthenticator");
    }
}
