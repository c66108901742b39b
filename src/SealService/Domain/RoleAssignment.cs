namespace SealService.Domain;

/// <summary>
/// Rules for changing an account's roles and access: the certification body must never lock itself out of its own
/// administration, so the last admin keeps the role and an admin cannot take away or lock their own access.
/// </summary>
public static class RoleAssignment
{
    public static void EnsureCanAdd(string role, IReadOnlyCollection<string> current)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!Roles.IsKnown(role))
        {
            throw new DomainRuleViolation("This role does not exist.");
        }

        if (current.Contains(role))
        {
            throw new DomainRuleViolation("The account already has this role.");
        }
    }

    /// <param name="adminCount">How many accounts hold the Admin role right now, the target included.</param>
    public static void EnsureCanRemove(string role, string targetUserId, IReadOnlyCollection<string> current, Actor by, int adminCount)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(by);
        if (!current.Contains(role))
        {
            throw new DomainRuleViolation("The account does not have this role.");
        }

        if (role != Roles.Admin)
        {
            return;
        }

        if (by.UserId == targetUserId)
        {
            throw new DomainRuleViolation("You cannot remove your own Admin role. Ask another admin to do it.");
        }

        if (adminCount <= 1)
        {
            throw new DomainRuleViolation("This is the last admin account. Give another account the Admin role first.");
        }
    }

    public static void EnsureCanLock(string targetUserId, Actor by, DateTimeOffset until, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (by.UserId == targetUserId)
        {
            throw new DomainRuleViolation("You cannot lock your own account.");
        }

        if (until <= now)
        {
            throw new DomainRuleViolation("The lock must end in the future.");
        }
    }
}
