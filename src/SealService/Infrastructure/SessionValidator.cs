using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;

namespace SealService.Infrastructure;

/// <summary>
/// Ends sessions when the account changes. Every change that must end sessions (password change, sign-out, role
/// change, lock, two-factor reset) gives the account a new security stamp. Staff sessions compare their stamp with the
/// database on every request, so a copied or replayed staff cookie dies at once; applicant sessions are checked after
/// <see cref="ApplicantInterval"/> (Identity's default of 30 minutes would let a stolen cookie live that long).
/// </summary>
public sealed class SessionValidator(IOptions<SecurityStampValidatorOptions> options, SignInManager<AppUser> signInManager, ILoggerFactory logger)
    : SecurityStampValidator<AppUser>(options, signInManager, logger)
{
    public static readonly TimeSpan ApplicantInterval = TimeSpan.FromMinutes(1);

    private static readonly string[] StaffRoles = [Roles.Auditor, Roles.Certifier, Roles.Admin];

    public override async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal is not { } principal || !StaffRoles.Any(principal.IsInRole))
        {
            await base.ValidateAsync(context);
            return;
        }

        // Staff: verify without re-issuing the cookie (that would rebuild the principal on every request).
        var user = await VerifySecurityStamp(principal);
        if (user is null || await SignInManager.UserManager.IsLockedOutAsync(user))
        {
            Logger.LogInformation("A staff session was ended: its account changed since it signed in");
            context.RejectPrincipal();
            await SignInManager.SignOutAsync();
        }
    }
}
