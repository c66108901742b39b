using System.Security.Cryptography;
using System.Text;

namespace SealService.Domain;

/// <summary>
/// An invitation for a colleague to join an organization. Only the SHA-256 hash of the token is stored, so a copy of the
/// database does not let anyone join; the link in the e-mail carries the token itself.
/// </summary>
public sealed class OrganizationInvitation
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private OrganizationInvitation()
    {
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public string Email { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public string InvitedById { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public string? AcceptedById { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }

    public bool IsPendingAt(DateTimeOffset now) => AcceptedAt is null && now < ExpiresAt;

    /// <summary>Creates the invitation and returns the token for the link; the token is not kept anywhere else.</summary>
    public static (OrganizationInvitation Invitation, string Token) Create(Guid organizationId, string email, Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsMemberOf(organizationId))
        {
            throw new DomainRuleViolation("Only members of the organization can invite colleagues.");
        }

        var address = email?.Trim() ?? "";
        if (address.Length is 0 or > 256 || !address.Contains('@', StringComparison.Ordinal) || address.StartsWith('@') || address.EndsWith('@'))
        {
            throw new DomainRuleViolation("Enter the colleague's e-mail address.");
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var invitation = new OrganizationInvitation
        {
            Id = Guid.NewGuid(),
            OrganizationId = organizationId,
            Email = address,
            TokenHash = HashToken(token),
            InvitedById = by.UserId,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        return (invitation, token);
    }

    public static string HashToken(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token ?? "")));

    /// <summary>Checks that <paramref name="by"/> may join through this invitation and marks it used.</summary>
    public void Accept(Actor by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (AcceptedAt is not null)
        {
            throw new DomainRuleViolation("This invitation has already been used.");
        }

        if (now >= ExpiresAt)
        {
            throw new DomainRuleViolation("This invitation has expired. Ask your colleague to send a new one.");
        }

        if (!by.IsInRole(Roles.Applicant))
        {
            throw new DomainRuleViolation("Only applicant accounts can join an organization.");
        }

        if (by.OrganizationId == OrganizationId)
        {
            throw new DomainRuleViolation("You are already a member of this organization.");
        }

        if (by.OrganizationId is not null)
        {
            throw new DomainRuleViolation("Your account already belongs to another organization. An account can belong to one organization only; register a separate account to join this one.");
        }

        AcceptedById = by.UserId;
        AcceptedAt = now;
    }
}
