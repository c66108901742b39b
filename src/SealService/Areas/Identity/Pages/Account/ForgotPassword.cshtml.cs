using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace SealService.Areas.Identity.Pages.Account;

/// <summary>Sends a reset link. The answer is the same whether or not the address has an account, so it reveals nothing.</summary>
[AllowAnonymous]
[SignInThrottled]
public sealed class ForgotPasswordModel(UserManager<AppUser> users, IEmailSender mail, PublicUrls urls, UiText text) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public bool Sent { get; private set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        public string Email { get; set; } = "";
    }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var user = await users.FindByEmailAsync(Input.Email);
        if (user is not null && await users.IsEmailConfirmedAsync(user))
        {
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
            var link = urls.Absolute(Url.Page("/Account/ResetPassword", pageHandler: null, values: new { area = "Identity", code })!);
            await mail.SendEmailAsync(Input.Email, text["Reset your password"],
                $"<p>{HtmlEncoder.Default.Encode(text["Someone asked to reset the password of your SealService account. If that was you, open this link; otherwise ignore this mail."])}</p>"
                + $"<p><a id=\"reset-link\" href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>");
        }

        Sent = true;
        return Page();
    }
}
