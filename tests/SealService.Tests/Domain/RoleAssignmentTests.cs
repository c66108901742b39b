using SealService.Domain;

namespace SealService.Tests.Domain;

public sealed class RoleAssignmentTests
{
    private static readonly Actor Admin = new("admin-1", "Ada Admin", null, new HashSet<string>([Roles.Admin]));

    [Theory]
    [InlineData(Roles.Admin, "admin-2", 2, null)]
    [InlineData(Roles.Auditor, "admin-1", 1, null)]
    [InlineData(Roles.Admin, "admin-1", 2, "You cannot remove your own Admin role. Ask another admin to do it.")]
    [InlineData(Roles.Admin, "admin-2", 1, "This is the last admin account. Give another account the Admin role first.")]
    public void Removing_a_role(string role, string target, int admins, string? refusal)
    {
        var act = () => RoleAssignment.EnsureCanRemove(role, target, [Roles.Admin, Roles.Auditor], Admin, admins);
        if (refusal is null)
        {
            act();
        }
        else
        {
            Assert.Equal(refusal, Assert.Throws<DomainRuleViolation>(act).Message);
        }
    }

    [Fact]
    public void A_role_the_account_does_not_have_cannot_be_removed() =>
        Assert.Throws<DomainRuleViolation>(() => RoleAssignment.EnsureCanRemove(Roles.Certifier, "u", [Roles.Auditor], Admin, 3));

    [Theory]
    [InlineData("Superuser")]
    [InlineData(Roles.Auditor)]
    public void Unknown_or_held_roles_cannot_be_added(string role) =>
        Assert.Throws<DomainRuleViolation>(() => RoleAssignment.EnsureCanAdd(role, [Roles.Auditor]));

    [Fact]
    public void Admins_cannot_lock_themselves_and_locks_end_in_the_future()
    {
        var now = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
        Assert.Throws<DomainRuleViolation>(() => RoleAssignment.EnsureCanLock("admin-1", Admin, now.AddDays(1), now));
        Assert.Throws<DomainRuleViolation>(() => RoleAssignment.EnsureCanLock("user-2", Admin, now.AddMinutes(-1), now));
        RoleAssignment.EnsureCanLock("user-2", Admin, now.AddDays(1), now);
    }
}
