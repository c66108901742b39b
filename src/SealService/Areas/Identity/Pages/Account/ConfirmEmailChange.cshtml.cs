using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace SealService.Areas.Identity.Pages.Account;

/// <summary>Applies an e-mail change when the new address's owner opens the link; the user name follows the address.</summary>
[AllowAnonymous]
public sealed class ConfirmEmailChangeModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, ILogger<ConfirmEmailChangeModel> logger) : PageModel
{
    public bool Changed { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? userId, string? email, string? code)
    {
        if (userId is null || email is null || code is null)
        {
            return RedirectToPage("/Home/Index", new { area = "" });
        }

        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return Page();
        }

        string token;
        try
        {
            token = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return Page();
        }

        if (!(await users.ChangeEmailAsync(user, email, token)).Succeeded)
        {
            return Page();
        }

        if (!(await users.SetUserNameAsync(user, email)).Succeeded)
        {
            return Page();
        }

        logger.LogInformation("User {UserId} changed the e-mail address", user.Id);
        await signInManager.RefreshSignInAsync(user);
        Changed = true;
        return Page();
    }
}
