using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace SealService.Areas.Identity.Pages.Account;

/// <summary>
/// Sign-out that really ends the session: the account's security stamp changes, so a copy of the cookie (stolen or
/// replayed) is refused at its next validation instead of living until it expires. Only local return addresses are followed.
/// </summary>
[AllowAnonymous]
public sealed class LogoutModel(SignInManager<AppUser> signInManager, ILogger<LogoutModel> logger) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        if (signInManager.IsSignedIn(User) && await signInManager.UserManager.GetUserAsync(User) is { } user)
        {
            await signInManager.UserManager.UpdateSecurityStampAsync(user);
            logger.LogInformation("User {UserId} signed out; every session of the account ended", user.Id);
        }

        await signInManager.SignOutAsync();
        return LocalRedirect(returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
