using System.Security.Claims;

namespace SealService.Infrastructure;

/// <summary>Turns the signed-in principal into the <see cref="Actor"/> the domain checks its rules against.</summary>
public static class CurrentActor
{
    public const string OrganizationClaim = "seal:org";
    public const string DisplayNameClaim = "seal:name";

    public static Actor ToActor(this ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new InvalidOperationException("The request has no signed-in user.");
        var name = user.FindFirstValue(DisplayNameClaim) ?? user.Identity?.Name ?? id;
        var org = Guid.TryParse(user.FindFirstValue(OrganizationClaim), out var orgId) ? orgId : (Guid?)null;
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        return new Actor(id, name, org, roles);
    }
}
