namespace SealService.Domain;

/// <summary>Who is doing something: the identity the domain checks its four-eyes and ownership rules against.</summary>
public sealed record Actor(string UserId, string DisplayName, Guid? OrganizationId, IReadOnlySet<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsMemberOf(Guid organizationId) => OrganizationId == organizationId;

    public static Actor System { get; } = new("system", "SealService", null, new HashSet<string>([Domain.Roles.Admin]));
}
