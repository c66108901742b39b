using SealService.Domain;

namespace SealService.Tests.Domain;

public sealed class OrganizationInvitationTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid OrganizationId = Guid.NewGuid();

    private static Actor Applicant(Guid? organization) => new(Guid.NewGuid().ToString(), "A", organization, new HashSet<string>([Roles.Applicant]));

    [Fact]
    public void Only_the_hash_of_the_token_is_kept_and_the_invitation_expires_after_seven_days()
    {
        var (invitation, token) = OrganizationInvitation.Create(OrganizationId, " colleague@example.com ", Applicant(OrganizationId), Now);
        Assert.Equal("colleague@example.com", invitation.Email);
        Assert.NotEqual(token, invitation.TokenHash);
        Assert.Equal(OrganizationInvitation.HashToken(token), invitation.TokenHash);
        Assert.Equal(Now.AddDays(7), invitation.ExpiresAt);
        Assert.True(invitation.IsPendingAt(Now.AddDays(7).AddTicks(-1)));
        Assert.False(invitation.IsPendingAt(Now.AddDays(7)));
    }

    [Fact]
    public void Non_members_cannot_invite()
    {
        Assert.Throws<DomainRuleViolation>(() => OrganizationInvitation.Create(OrganizationId, "c@example.com", Applicant(Guid.NewGuid()), Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("no-at-sign")]
    [InlineData("@example.com")]
    public void Invalid_addresses_are_refused(string email)
    {
        Assert.Throws<DomainRuleViolation>(() => OrganizationInvitation.Create(OrganizationId, email, Applicant(OrganizationId), Now));
    }

    [Fact]
    public void An_applicant_without_organization_accepts_once()
    {
        var (invitation, _) = OrganizationInvitation.Create(OrganizationId, "c@example.com", Applicant(OrganizationId), Now);
        var joiner = Applicant(null);
        invitation.Accept(joiner, Now.AddDays(1));
        Assert.Equal(joiner.UserId, invitation.AcceptedById);
        var again = Assert.Throws<DomainRuleViolation>(() => invitation.Accept(Applicant(null), Now.AddDays(2)));
        Assert.Contains("already been used", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expired_invitations_and_members_of_other_organizations_are_refused()
    {
        var (invitation, _) = OrganizationInvitation.Create(OrganizationId, "c@example.com", Applicant(OrganizationId), Now);
        Assert.Contains("expired", Assert.Throws<DomainRuleViolation>(() => invitation.Accept(Applicant(null), Now.AddDays(8))).Message, StringComparison.Ordinal);
        Assert.Contains("another organization", Assert.Throws<DomainRuleViolation>(() => invitation.Accept(Applicant(Guid.NewGuid()), Now)).Message, StringComparison.Ordinal);
        Assert.Throws<DomainRuleViolation>(() => invitation.Accept(new Actor("x", "Auditor", null, new HashSet<string>([Roles.Auditor])), Now));
        Assert.Null(invitation.AcceptedAt);
    }
}
