using Microsoft.AspNetCore.Authorization;

namespace SealService.Areas.Identity.Pages.Account;

/// <summary>
/// "Check your mail" after registering. Unlike Identity's default page it never shows the confirmation link itself and
/// answers the same for every address, so it neither bypasses the mail nor reveals which addresses have accounts.
/// </summary>
[AllowAnonymous]
public sealed class RegisterConfirmationModel : PageModel
{
    public string Email { get; private set; } = "";

    public IActionResult OnGet(string? email = null)
    {
        if (string.IsNullOrWhiteSpace(email))
        {
            return RedirectToPage("/Home/Index", new { area = "" });
        }

        Email = email;
        return Page();
    }
}
