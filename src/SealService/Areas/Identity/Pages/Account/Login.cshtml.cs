using System.ComponentModel.DataAnnotations;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace SealService.Areas.Identity.Pages.Account;

/// <summary>Sign-in in the reader's language; otherwise the flow of ASP.NET Core Identity's own page (lockout, two-factor).</summary>
[AllowAnonymous]
[SignInThrottled]
public sealed class LoginModel(SignInManager<AppUser> signInManager, SignInThrottle throttle, IEmailSender mail, PublicUrls urls, UiText text, ILogger<LoginModel> logger) : PageModel
{
    [BindProperty]
    public InputModel Input { get; set; } = new();

    public string ReturnUrl { get; private set; } = "/";

    [TempData]
    public string? ErrorMessage { get; set; }

    public sealed class InputModel
    {
        [Required(ErrorMessage = "Enter your e-mail address.")]
        [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
        [Display(Name = "E-mail")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        [Display(Name = "Password")]
        public string Password { get; set; } = "";

        [Display(Name = "Remember me")]
        public bool RememberMe { get; set; }
    }

    public async Task OnGetAsync(string? returnUrl = null)
    {
        if (!string.IsNullOrEmpty(ErrorMessage))
        {
            ModelState.AddModelError(string.Empty, ErrorMessage);
        }

        ReturnUrl = SafeReturnUrl(returnUrl);
        await HttpContext.SignOutAsync(IdentityConstants.ExternalScheme);
    }

    public async Task<IActionResult> OnPostAsync(string? returnUrl = null)
    {
        ReturnUrl = SafeReturnUrl(returnUrl);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        var account = SignInThrottle.AccountKey(Input.Email);
        if (throttle.Delay(HttpContext, account) is { } wait)
        {
            return SignInThrottle.TooManyRequests(HttpContext, wait);
        }

        var users = signInManager.UserManager;
        var user = await users.FindByEmailAsync(Input.Email.Trim());
        if (user is null)
        {
            // An unknown address costs the same password hash as a known one, so the answer time does not tell them apart.
            users.PasswordHasher.VerifyHashedPassword(new AppUser(), DummyHash(users), Input.Password);
            return await FailedAsync(account, null);
        }

        // Guessing never locks an account (that would let anyone keep staff out); SignInThrottle slows it down instead.
        var result = await signInManager.PasswordSignInAsync(user, Input.Password, Input.RememberMe, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            throttle.Succeeded(HttpContext, account);
            logger.LogInformation("User signed in");
            return LocalRedirect(ReturnUrl);
        }

        if (result.RequiresTwoFactor)
        {
            throttle.Succeeded(HttpContext, account);
            return RedirectToPage("./LoginWith2fa", new { ReturnUrl, Input.RememberMe });
        }

        // Identity answers "locked" and "not confirmed" before it checks the password; only the right password may learn that.
        if ((result.IsLockedOut || result.IsNotAllowed) && await users.CheckPasswordAsync(user, Input.Password))
        {
            if (result.IsLockedOut)
            {
                logger.LogWarning("Locked account tried to sign in");
                return RedirectToPage("./Lockout");
            }

            ModelState.AddModelError(string.Empty, text["Please confirm your e-mail address first: open the link in the mail we sent you."]);
            return Page();
        }

        return await FailedAsync(account, user);
    }

    private async Task<IActionResult> FailedAsync(string account, AppUser? user)
    {
        if (throttle.Failed(account) && user?.Email is { } email)
        {
            logger.LogWarning("Repeated failed sign-ins for user {UserId}; the owner is told", user.Id);
            var reset = urls.Absolute(Url.Page("/Account/ForgotPassword", pageHandler: null, values: new { area = "Identity" })!);
            await mail.SendEmailAsync(email, text["Failed sign-ins to your SealService account"],
                $"<p>{HtmlEncoder.Default.Encode(text["Someone tried several times to sign in to your SealService account with a wrong password. Your account is not locked: from a browser you signed in with before you can sign in as usual; others have to wait longer after each wrong attempt."])}</p>"
                + $"<p>{HtmlEncoder.Default.Encode(text["If it was not you, choose a new, strong password:"])} <a href=\"{HtmlEncoder.Default.Encode(reset)}\">{HtmlEncoder.Default.Encode(reset)}</a></p>");
        }

        ModelState.AddModelError(string.Empty, text["E-mail or password is not correct."]);
        return Page();
    }

    private static string? _dummyHash;

    private static string DummyHash(UserManager<AppUser> users) =>
        _dummyHash ??= users.PasswordHasher.HashPassword(new AppUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));

    private string SafeReturnUrl(string? returnUrl) => returnUrl is not null && Url.IsLocalUrl(returnUrl) ? returnUrl : "/";
}
