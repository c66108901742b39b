using Microsoft.AspNetCore.Authorization;

namespace SealService.Home;

/// <summary>
/// Where "Sign in" lands: the signed-in person's own work (applications, audit queue, decisions, administration), not
/// the marketing page. The header's sign-in link passes this page as the return address; anonymous visitors go home.
/// </summary>
[AllowAnonymous]
public sealed class WorkModel : PageModel
{
    public IActionResult OnGet() => LocalRedirect(LandingFor(User));

    /// <summary>The first page of a person's daily work, by role (an applicant who is also staff starts with the staff work).</summary>
    public static string LandingFor(System.Security.Claims.ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true)
        {
            return "/";
        }

        return user.IsInRole(Roles.Certifier) ? "/Certify"
            : user.IsInRole(Roles.Auditor) ? "/Audit"
            : user.IsInRole(Roles.Admin) ? "/Admin"
            : user.IsInRole(Roles.Applicant) ? "/Apply"
            : "/";
    }
}
