using Microsoft.AspNetCore.Identity;

namespace SealService.Audit;

/// <summary>Staff accounts as the audit pages need them: the auditors to pick from, names for ids, actors for the domain.</summary>
public sealed class StaffDirectory(AppDbContext db, UserManager<AppUser> users)
{
    public async Task<IReadOnlyList<StaffMember>> AuditorsAsync()
    {
        var auditors = await users.GetUsersInRoleAsync(Roles.Auditor);
        return auditors.OrderBy(u => u.DisplayName, StringComparer.CurrentCulture)
            .Select(u => new StaffMember(u.Id, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? u.Id : u.DisplayName, u.OrganizationId))
            .ToList();
    }

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string?> userIds, CancellationToken ct = default)
    {
        var ids = userIds.OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>();
        }

        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName, ct);
    }

    /// <summary>The domain's view of another user (e.g. the auditor being assigned), with their current roles.</summary>
    public async Task<Actor?> ActorAsync(string userId)
    {
        var user = await users.FindByIdAsync(userId);
        if (user is null)
        {
            return null;
        }

        var roles = await users.GetRolesAsync(user);
        return new Actor(user.Id, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.Id : user.DisplayName, user.OrganizationId,
            roles.ToHashSet(StringComparer.Ordinal));
    }
}

public sealed record StaffMember(string Id, string Name, Guid? OrganizationId);
