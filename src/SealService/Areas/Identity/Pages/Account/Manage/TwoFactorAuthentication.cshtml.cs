using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace SealService.Areas.Identity.Pages.Account.Manage;

[Authorize]
public sealed class TwoFactorAuthenticationModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, UiText text) : PageModel
{
    public bool HasAuthenticator { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public bool IsTwoFactorEnabled { get; private set; }

    public bool IsMachineRemembered { get; private set; }

    [TempData]
    public string? StatusMessage { get; set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        HasAuthenticator = await users.GetAuthenticatorKeyAsync(user) is not null;
        IsTwoFactorEnabled = await users.GetTwoFactorEnabledAsync(user);
        IsMachineRemembered = await signInManager.IsTwoFactorClientRememberedAsync(user);
        RecoveryCodesLeft = await users.CountRecoveryCodesAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        await signInManager.ForgetTwoFactorClientAsync();
        TempData["Success"] = text["This browser is forgotten. The next sign-in from it asks for the code again."];
        return RedirectToPage();
    }
}
