using Microsoft.AspNetCore.Authorization;

namespace SealService.Infrastructure;

public static class Policies
{
    public const string Applicant = "Applicant";
    public const string Auditor = "Auditor";
    public const string Certifier = "Certifier";
    public const string Admin = "Admin";

    /// <summary>Auditors, certifiers and admins; used for pages all staff share (queue, application history).</summary>
    public const string Staff = "Staff";

    public static void AddSealPolicies(this AuthorizationOptions options)
    {
        options.AddPolicy(Applicant, p => p.RequireAuthenticatedUser().RequireRole(Roles.Applicant));
        options.AddPolicy(Auditor, p => p.RequireRole(Roles.Auditor).AddRequirements(new StaffTwoFactorRequirement()));
        options.AddPolicy(Certifier, p => p.RequireRole(Roles.Certifier, Roles.Admin).AddRequirements(new StaffTwoFactorRequirement()));
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin).AddRequirements(new StaffTwoFactorRequirement()));
        options.AddPolicy(Staff, p => p.RequireRole(Roles.Auditor, Roles.Certifier, Roles.Admin).AddRequirements(new StaffTwoFactorRequirement()));
    }
}

/// <summary>Staff pages require a session that was signed in with a second factor, when <see cref="SecurityOptions.RequireTwoFactorForStaff"/> is on.</summary>
public sealed class StaffTwoFactorRequirement : IAuthorizationRequirement
{
}

public sealed class StaffTwoFactorHandler(IOptions<SecurityOptions> options) : AuthorizationHandler<StaffTwoFactorRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, StaffTwoFactorRequirement requirement)
    {
        // Identity marks a session signed in with two factors with the "amr" claim "mfa".
        if (!options.Value.RequireTwoFactorForStaff || context.User.HasClaim("amr", "mfa"))
        {
            context.Succeed(requirement);
        }
        else
        {
            context.Fail(new AuthorizationFailureReason(this, "Two-factor sign-in is required for staff accounts."));
        }

        return Task.CompletedTask;
    }
}
