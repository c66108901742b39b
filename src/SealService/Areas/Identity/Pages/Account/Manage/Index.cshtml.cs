using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using SealService.Infrastructure.Validation;

namespace SealService.Areas.Identity.Pages.Account.Manage;

/// <summary>The signed-in user's own profile: display name and phone number.</summary>
[Authorize]
public sealed class IndexModel(UserManager<AppUser> users, SignInManager<AppUser> signInManager, UiText text) : PageModel
{
    public string Email { get; private set; } = "";

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your name.")]
        [StringLength(100, ErrorMessage = "The name may have at most 100 characters.")]
        [SingleLine]
        public string DisplayName { get; set; } = "";

        [Phone(ErrorMessage = "Enter a valid phone number.")]
        public string? PhoneNumber { get; set; }
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        Email = user.Email ?? "";
        Input = new InputModel { DisplayName = user.DisplayName, PhoneNumber = await users.GetPhoneNumberAsync(user) };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        Email = user.Email ?? "";
        if (!ModelState.IsValid)
        {
            return Page();
        }

        user.DisplayName = Input.DisplayName.Trim();
        user.PhoneNumber = string.IsNullOrWhiteSpace(Input.PhoneNumber) ? null : Input.PhoneNumber.Trim();
        var result = await users.UpdateAsync(user);
        if (!result.Succeeded)
        {
            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            return Page();
        }

        await signInManager.RefreshSignInAsync(user);
        TempData["Success"] = text["Your profile has been updated."];
        return RedirectToPage();
    }
}
