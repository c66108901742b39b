using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace SealService.Areas.Identity.Pages.Account;

/// <summary>Sends the confirmation link again. The answer is the same whether or not the address has an account.</summary>
[AllowAnonymous]
[SignInThrottled]
public sealed class ResendEmailConfirmationModel(UserManager<AppUser> users, IEmailSender mail, PublicUrls urls, UiText text) : PageModel
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
        if (user is not null)
        {
            var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
            var link = urls.Absolute(Url.Page("/Account/ConfirmEmail", pageHandler: null, values: new { area = "Identity", userId = user.Id, code })!);
            await mail.SendEmailAsync(Input.Email, text["Confirm your e-mail address"],
                $"<p>{HtmlEncoder.Default.Encode(text.Format("Hello {0},", user.DisplayName))}</p><p>{HtmlEncoder.Default.Encode(text["please confirm your SealService account by opening this link:"])}</p>"
                + $"<p><a id=\"confirm-link\" href=\"{HtmlEncoder.Default.Encode(link)}\">{HtmlEncoder.Default.Encode(link)}</a></p>");
        }

        Sent = true;
        return Page();
    }
}
