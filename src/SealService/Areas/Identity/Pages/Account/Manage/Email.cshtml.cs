using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace SealService.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Changes the e-mail address: the new address only takes effect when its owner opens the link mailed to it.
/// The link is built on the public base URL, never the request's host.
/// </summary>
[Authorize]
public sealed class EmailModel(UserManager<AppUser> users, IEmailSender mail, PublicUrls urls, UiText text) : PageModel
{
    public string Email { get; private set; } = "";

    public bool IsEmailConfirmed { get; private set; }

    [BindProperty]
    public InputModel Input { get; set; } = new();

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string NewEmail { get; set; } = "";
    }

    public async Task<IActionResult> OnGetAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        await LoadAsync(user);
        return Page();
    }

    public async Task<IActionResult> OnPostChangeEmailAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        if (!ModelState.IsValid)
        {
            await LoadAsync(user);
            return Page();
        }

        var newEmail = Input.NewEmail.Trim();
        if (string.Equals(newEmail, await users.GetEmailAsync(user), StringComparison.OrdinalIgnoreCase))
        {
            TempData["Success"] = text["Your e-mail address is unchanged."];
            return RedirectToPage();
        }

        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateChangeEmailTokenAsync(user, newEmail)));
        var link = urls.Absolute(Url.Page("/Account/ConfirmEmailChange", pageHandler: null, values: new { area = "Identity", userId = user.Id, email = newEmail, code })!);
        await mail.SendEmailAsync(newEmail, text["Confirm your new e-mail address"],
            $"<p>{HtmlEncoder.Default.Encode(text.Format("Hello {0},", user.DisplayName))}</p><p>{HtmlEncoder.Default.Encode(text["please confirm the new e-mail address of your SealService account by opening this link:"])}</p>"
            + $"<p><a id=\"confirm-change-link\" href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>");
        TempData["Success"] = text["We have sent a confirmation link to the new address. Your e-mail address changes when you open it."];
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostSendVerificationEmailAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return NotFound();
        }

        var email = await users.GetEmailAsync(user);
        if (string.IsNullOrEmpty(email))
        {
            return NotFound();
        }

        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = urls.Absolute(Url.Page("/Account/ConfirmEmail", pageHandler: null, values: new { area = "Identity", userId = user.Id, code })!);
        await mail.SendEmailAsync(email, text["Confirm your e-mail address"],
            $"<p>{HtmlEncoder.Default.Encode(text.Format("Hello {0},", user.DisplayName))}</p><p>{HtmlEncoder.Default.Encode(text["please confirm your SealService account by opening this link:"])}</p>"
            + $"<p><a id=\"confirm-link\" href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>");
        TempData["Success"] = text["We have sent a confirmation link. Please check your mail."];
        return RedirectToPage();
    }

    private async Task LoadAsync(AppUser user)
    {
        Email = await users.GetEmailAsync(user) ?? "";
        IsEmailConfirmed = await users.IsEmailConfirmedAsync(user);
    }
}
