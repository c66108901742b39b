using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace SealService.Infrastructure;

/// <summary>Adds the organization and display name to the sign-in cookie so every request knows its actor without a query.</summary>
public sealed class SealClaimsPrincipalFactory(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<AppUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(CurrentActor.DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.UserName ?? user.Id : user.DisplayName));
        if (user.OrganizationId is { } org)
        {
            identity.AddClaim(new Claim(CurrentActor.OrganizationClaim, org.ToString()));
        }

        return identity;
    }
}
