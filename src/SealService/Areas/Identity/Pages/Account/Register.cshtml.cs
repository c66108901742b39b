using System.ComponentModel.DataAnnotations;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.WebUtilities;
using SealService.Infrastructure.Validation;

namespace SealService.Areas.Identity.Pages.Account;

/// <summary>Self-registration for applicants: the account gets the Applicant role and a display name; the e-mail address must be confirmed before sign-in.</summary>
[AllowAnonymous]
[SignInThrottled]
public sealed class RegisterModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, IEmailSender mail, PublicUrls urls, UiText text, ILogger<RegisterModel> logger) : PageModel
{
    [BindProperty]
    public RegisterInput Input { get; set; } = new();

    public string? ReturnUrl { get; set; }

    public void OnGet(string? returnUrl = null) => ReturnUrl = returnUrl;

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        returnUrl ??= Url.Content("~/");
        ReturnUrl = returnUrl;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var email = Input.Email.Trim();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            DisplayName = Input.DisplayName.Trim(),
            PreferredLanguage = UiText.CurrentLanguage,
        };

        // The password rules first, for every address alike: an error must not depend on whether the address has an account.
        foreach (var validator in users.PasswordValidators)
        {
            foreach (var error in (await validator.ValidateAsync(users, user, Input.Password)).Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (await users.FindByEmailAsync(email) is { } existing)
        {
            return await AlreadyRegisteredAsync(existing, returnUrl);
        }

        var result = await users.CreateAsync(user, Input.Password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, Roles.Applicant);
        }

        if (!result.Succeeded)
        {
            if (result.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName))
                && await users.FindByEmailAsync(email) is { } raced)
            {
                return await AlreadyRegisteredAsync(raced, returnUrl);
            }

            foreach (var error in result.Errors)
            {
                ModelState.AddModelError(string.Empty, error.Description);
            }

            return Page();
        }

        logger.LogInformation("New applicant account {UserId} registered", user.Id);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var callbackUrl = urls.Absolute(Url.Page("/Account/ConfirmEmail", pageHandler: null, values: new { area = "Identity", userId = user.Id, code, returnUrl })!);
        await mail.SendEmailAsync(email, text["Confirm your e-mail address"],
            $"<p>{HtmlEncoder.Default.Encode(text.Format("Hello {0},", user.DisplayName))}</p><p>{HtmlEncoder.Default.Encode(text["please confirm your SealService account by opening this link:"])}</p>"
            + $"<p><a id=\"confirm-link\" href=\"{HtmlEncoder.Default.Encode(callbackUrl)}\">{HtmlEncoder.Default.Encode(callbackUrl)}</a></p>");

        if (users.Options.SignIn.RequireConfirmedAccount)
        {
            return RedirectToPage("RegisterConfirmation", new { email, returnUrl });
        }

        await signIn.SignInAsync(user, isPersistent: false);
        return LocalRedirect(returnUrl);
    }

    /// <summary>
    /// The address has an account: its owner gets a mail instead of the visitor getting "already taken", and the visitor
    /// sees the same "check your mail" page as for a new account. The password is hashed anyway, so the time matches too.
    /// </summary>
    private async Task<IActionResult> AlreadyRegisteredAsync(AppUser existing, string returnUrl)
    {
        users.PasswordHasher.HashPassword(existing, Input.Password);
        logger.LogInformation("Registration attempted for the existing account {UserId}; its owner is told", existing.Id);
        var signIn = urls.Absolute(Url.Page("/Account/Login", pageHandler: null, values: new { area = "Identity" })!);
        var reset = urls.Absolute(Url.Page("/Account/ForgotPassword", pageHandler: null, values: new { area = "Identity" })!);
        await mail.SendEmailAsync(existing.Email!, text["You already have a SealService account"],
            $"<p>{HtmlEncoder.Default.Encode(text.Format("Hello {0},", existing.DisplayName))}</p>"
            + $"<p>{HtmlEncoder.Default.Encode(text["someone tried to register a new SealService account with this e-mail address, which already has one. If that was you, sign in or reset your password; otherwise ignore this mail."])}</p>"
            + $"<p><a id=\"sign-in-link\" href=\"{HtmlEncoder.Default.Encode(signIn)}\">{HtmlEncoder.Default.Encode(signIn)}</a></p>"
            + $"<p><a id=\"reset-link\" href=\"{HtmlEncoder.Default.Encode(reset)}\">{HtmlEncoder.Default.Encode(reset)}</a></p>");
        return RedirectToPage("RegisterConfirmation", new { email = Input.Email.Trim(), returnUrl });
    }

    public async Task<IList<AuthenticationScheme>> ExternalLoginsAsync() => (await signIn.GetExternalAuthenticationSchemesAsync()).ToList();
}

public sealed class RegisterInput
{
    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(200)]
    [Display(Name = "Your name")]
    [SingleLine]
    public string DisplayName { get; set; } = "";

    [Required(ErrorMessage = "Enter your e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [Display(Name = "E-mail")]
    public string Email { get; set; } = "";

    [Required(ErrorMessage = "Choose a password.")]
    [StringLength(100, MinimumLength = 10, ErrorMessage = "The password must have at least 10 characters.")]
    [DataType(DataType.Password)]
    [Display(Name = "Password")]
    public string Password { get; set; } = "";

    [DataType(DataType.Password)]
    [Display(Name = "Confirm password")]
    [Compare(nameof(Password), ErrorMessage = "The passwords do not match.")]
    public string ConfirmPassword { get; set; } = "";
}
