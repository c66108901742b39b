using System.Net;
using SealService.Infrastructure.Mail;

namespace SealService.Apply;

/// <summary>An applicant organization's profile and its members: create, edit, invite colleagues, join by invitation.</summary>
public sealed class OrganizationMembership(AppDbContext db, AuditTrail audit, TimeProvider time, MailOutbox outbox)
{
    public async Task<Organization?> FindForMemberAsync(Actor actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return actor.OrganizationId is { } id ? await db.Organizations.FirstOrDefaultAsync(o => o.Id == id, ct) : null;
    }

    /// <summary>Creates the organization and makes <paramref name="user"/> (tracked by this scope) its first member.</summary>
    public async Task<Organization> CreateAsync(OrganizationProfile profile, AppUser user, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(by);
        if (user.OrganizationId is not null)
        {
            throw new DomainRuleViolation("Your account already belongs to an organization.");
        }

        if (!by.IsInRole(Roles.Applicant))
        {
            throw new DomainRuleViolation("Only applicant accounts can create an applicant organization.");
        }

        var organization = Organization.Create(profile, time.GetUtcNow());
        db.Organizations.Add(organization);
        user.OrganizationId = organization.Id;
        audit.Record(by, "organization.created", nameof(Organization), organization.Id.ToString(), after: organization.Profile);
        await db.SaveChangesAsync(ct);
        return organization;
    }

    public async Task UpdateAsync(OrganizationProfile profile, Actor by, CancellationToken ct = default)
    {
        var organization = await FindForMemberAsync(by, ct) ?? throw new DomainRuleViolation("Only members of the organization can edit its profile.");
        var before = organization.Profile;
        organization.Update(profile);
        audit.Record(by, "organization.updated", nameof(Organization), organization.Id.ToString(), before, organization.Profile);
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AppUser>> MembersAsync(Guid organizationId, CancellationToken ct = default) =>
        await db.Users.AsNoTracking().Where(u => u.OrganizationId == organizationId).OrderBy(u => u.DisplayName).ToListAsync(ct);

    public async Task<IReadOnlyList<OrganizationInvitation>> PendingInvitationsAsync(Guid organizationId, CancellationToken ct = default)
    {
        var now = time.GetUtcNow();
        var open = await db.Set<OrganizationInvitation>().AsNoTracking().Where(i => i.OrganizationId == organizationId && i.AcceptedAt == null).ToListAsync(ct);
        return open.Where(i => i.IsPendingAt(now)).OrderBy(i => i.CreatedAt).ToList();
    }

    /// <summary>Creates the invitation and mails the link; <paramref name="joinUrl"/> turns the token into the absolute link.</summary>
    public async Task<OrganizationInvitation> InviteAsync(string email, Func<string, string> joinUrl, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(joinUrl);
        var organization = await FindForMemberAsync(by, ct) ?? throw new DomainRuleViolation("Only members of the organization can invite colleagues.");
        var (invitation, token) = OrganizationInvitation.Create(organization.Id, email, by, time.GetUtcNow());
        db.Set<OrganizationInvitation>().Add(invitation);
        audit.Record(by, "organization.invitation-sent", nameof(Organization), organization.Id.ToString(),
            after: new { invitationId = invitation.Id, invitation.Email, invitation.ExpiresAt });
        // The invitation and its mail are stored together: a crash cannot leave an invitation nobody was told about.
        var link = WebUtility.HtmlEncode(joinUrl(token));
        var orgName = WebUtility.HtmlEncode(organization.LegalName);
        var from = WebUtility.HtmlEncode(by.DisplayName);
        var html = $"<p>{from} lädt Sie ein, {orgName} bei SealService zu vertreten. Registrieren Sie sich oder melden Sie sich an und öffnen Sie dann diesen Link (gültig 7 Tage):</p>\n"
            + $"<p>{from} invites you to represent {orgName} on SealService. Register or sign in, then open this link (valid for 7 days):</p>\n"
            + $"<p><a href=\"{link}\">{link}</a></p>\n";
        try
        {
            outbox.Enqueue(new OutgoingMail(invitation.Email, $"Einladung / Invitation: {organization.LegalName} – SealService", MailComposer.TextFromHtml(html), html,
                "de, en", "organization.invitation"));
        }
        catch (ArgumentException)
        {
            throw new DomainRuleViolation("Enter a valid e-mail address.");
        }
        await db.SaveChangesAsync(ct);
        return invitation;
    }

    public async Task<(OrganizationInvitation Invitation, Organization Organization)?> FindInvitationAsync(string token, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(token))
        {
            return null;
        }

        var hash = OrganizationInvitation.HashToken(token);
        var invitation = await db.Set<OrganizationInvitation>().FirstOrDefaultAsync(i => i.TokenHash == hash, ct);
        if (invitation is null)
        {
            return null;
        }

        var organization = await db.Organizations.SingleAsync(o => o.Id == invitation.OrganizationId, ct);
        return (invitation, organization);
    }

    /// <summary>Joins <paramref name="user"/> (tracked by this scope) to the invitation's organization.</summary>
    public async Task<Organization> AcceptAsync(string token, AppUser user, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var found = await FindInvitationAsync(token, ct) ?? throw new DomainRuleViolation("This invitation link is not valid. Ask your colleague to send a new one.");
        found.Invitation.Accept(by with { OrganizationId = user.OrganizationId }, time.GetUtcNow());
        user.OrganizationId = found.Organization.Id;
        audit.Record(by, "organization.member-joined", nameof(Organization), found.Organization.Id.ToString(),
            after: new { invitationId = found.Invitation.Id, userId = user.Id, user.Email });
        await db.SaveChangesAsync(ct);
        return found.Organization;
    }
}
