using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.AspNetCore.WebUtilities;

namespace SealService.Admin;

/// <summary>
/// The admin's work on accounts: find them, change roles, lock and unlock, reset two-factor sign-in, resend the
/// confirmation mail, create staff accounts. Every change is written to the audit log together with the change.
/// </summary>
/// <remarks>
/// <see cref="UserManager{TUser}"/> saves on its own. Each change therefore runs inside one database transaction that the
/// identity store's SaveChanges joins (it shares this scope's <see cref="AppDbContext"/>); the audit entry is saved in
/// the same transaction and both commit together. Recording the entry "right after" in a second SaveChanges would leave
/// a committed change without its audit entry if the process stopped in between. Mails go out only after the commit.
/// </remarks>
public sealed class UserAdministration(AppDbContext db, UserManager<AppUser> users, AuditTrail audit, TimeProvider time, IEmailSender mail, UiText text)
{
    public const int PageSize = 25;

    public async Task<UserListPage> SearchAsync(string? query, int page, CancellationToken ct = default)
    {
        var accounts = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = "%" + query.Trim().ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            // ToLower() here is not .NET's: EF translates it to the database's lower(), so no .NET culture is involved.
#pragma warning disable CA1304, CA1311
            accounts = accounts.Where(u => EF.Functions.Like(u.Email!.ToLower(), pattern, "\\")
                || EF.Functions.Like(u.DisplayName.ToLower(), pattern, "\\")
                || db.Organizations.Any(o => o.Id == u.OrganizationId && EF.Functions.Like(o.LegalName.ToLower(), pattern, "\\")));
#pragma warning restore CA1304, CA1311
        }

        var total = await accounts.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var found = await accounts.OrderBy(u => u.NormalizedEmail).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var summaries = await SummariesAsync(found, ct);
        return new UserListPage(summaries, page, pages, total, query?.Trim() ?? "");
    }

    public async Task<UserSummary?> FindAsync(string id, CancellationToken ct = default)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        return user is null ? null : (await SummariesAsync([user], ct))[0];
    }

    public async Task AddRoleAsync(string userId, string role, Actor by, CancellationToken ct = default)
    {
        var user = await RequireAsync(userId);
        var before = await users.GetRolesAsync(user);
        RoleAssignment.EnsureCanAdd(role, before.ToList());
        await InTransactionAsync(async () =>
        {
            Check(await users.AddToRoleAsync(user, role));
            // Sessions carry the roles they signed in with: a new stamp makes them sign in again with the new set.
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(by, "user.role-added", "User", user.Id, new { roles = before.Order(StringComparer.Ordinal) }, new { roles = before.Append(role).Order(StringComparer.Ordinal) });
        }, ct);
    }

    public async Task RemoveRoleAsync(string userId, string role, Actor by, CancellationToken ct = default)
    {
        var user = await RequireAsync(userId);
        await InTransactionAsync(async () =>
        {
            // Counted inside the transaction, right before the change it guards.
            var before = await users.GetRolesAsync(user);
            var admins = (await users.GetUsersInRoleAsync(Roles.Admin)).Count;
            RoleAssignment.EnsureCanRemove(role, user.Id, before.ToList(), by, admins);
            Check(await users.RemoveFromRoleAsync(user, role));
            // A session must not keep a role that was taken away: a new stamp ends the account's sessions at once.
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(by, "user.role-removed", "User", user.Id, new { roles = before.Order(StringComparer.Ordinal) }, new { roles = before.Where(r => r != role).Order(StringComparer.Ordinal) });
        }, ct);
    }

    /// <summary>Locks the account until <paramref name="until"/> (null: indefinitely) and ends its open sessions.</summary>
    public async Task LockAsync(string userId, DateTimeOffset? until, Actor by, CancellationToken ct = default)
    {
        var user = await RequireAsync(userId);
        var end = until ?? DateTimeOffset.MaxValue;
        RoleAssignment.EnsureCanLock(user.Id, by, end, time.GetUtcNow());
        var before = user.LockoutEnd;
        await InTransactionAsync(async () =>
        {
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, end));
            // A new security stamp makes the account's existing sign-in cookies invalid at their next validation.
            Check(await users.UpdateSecurityStampAsync(user));
            audit.Record(by, "user.locked", "User", user.Id, new { lockoutEnd = before }, new { lockoutEnd = until });
        }, ct);
    }

    public async Task UnlockAsync(string userId, Actor by, CancellationToken ct = default)
    {
        var user = await RequireAsync(userId);
        var before = user.LockoutEnd;
        await InTransactionAsync(async () =>
        {
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            audit.Record(by, "user.unlocked", "User", user.Id, new { lockoutEnd = before }, new { lockoutEnd = (DateTimeOffset?)null });
        }, ct);
    }

    /// <summary>Turns two-factor sign-in off, replaces the authenticator key and voids the recovery codes: the user sets it up again.</summary>
    public async Task ResetTwoFactorAsync(string userId, Actor by, CancellationToken ct = default)
    {
        var user = await RequireAsync(userId);
        var before = user.TwoFactorEnabled;
        await InTransactionAsync(async () =>
        {
            Check(await users.SetTwoFactorEnabledAsync(user, false));
            Check(await users.ResetAuthenticatorKeyAsync(user));
            await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 0);
            audit.Record(by, "user.two-factor-reset", "User", user.Id, new { twoFactorEnabled = before }, new { twoFactorEnabled = false, authenticatorKeyReplaced = true });
        }, ct);
    }

    /// <summary>Mails a new confirmation link; <paramref name="confirmUrl"/> turns (user id, code) into the absolute link.</summary>
    public async Task ResendConfirmationAsync(string userId, Func<string, string, string> confirmUrl, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(confirmUrl);
        var user = await RequireAsync(userId);
        if (user.EmailConfirmed)
        {
            throw new DomainRuleViolation("This e-mail address is already confirmed.");
        }

        var email = user.Email ?? throw new DomainRuleViolation("This account has no e-mail address.");
        await InTransactionAsync(() =>
        {
            audit.Record(by, "user.confirmation-resent", "User", user.Id, after: new { email });
            return Task.CompletedTask;
        }, ct);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GenerateEmailConfirmationTokenAsync(user)));
        var link = HtmlEncoder.Default.Encode(confirmUrl(user.Id, code));
        await mail.SendEmailAsync(email, text.Translate("Confirm your e-mail address", user.PreferredLanguage),
            $"<p>{HtmlEncoder.Default.Encode(string.Format(System.Globalization.CultureInfo.InvariantCulture, text.Translate("Hello {0},", user.PreferredLanguage), user.DisplayName))}</p>"
            + $"<p>{HtmlEncoder.Default.Encode(text.Translate("please confirm your SealService account by opening this link:", user.PreferredLanguage))}</p>"
            + $"<p><a id=\"confirm-link\" href=\"{link}\">{link}</a></p>");
    }

    /// <summary>
    /// Creates a staff account without a password and mails a link to choose one. The address counts as confirmed:
    /// the admin vouches for it, and the link only works for whoever reads that mailbox.
    /// </summary>
    public async Task<AppUser> CreateStaffAsync(NewStaffAccount account, Func<string, string> resetUrl, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(resetUrl);
        var roles = account.Roles.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (roles.Count == 0)
        {
            throw new DomainRuleViolation("Choose at least one role.");
        }

        if (roles.Any(r => !Roles.IsKnown(r)))
        {
            throw new DomainRuleViolation("This role does not exist.");
        }

        var email = account.Email.Trim();
        if (await users.FindByEmailAsync(email) is not null)
        {
            throw new DomainRuleViolation("An account with this e-mail address already exists.");
        }

        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = account.DisplayName.Trim(),
            PreferredLanguage = account.Language,
        };
        await InTransactionAsync(async () =>
        {
            Check(await users.CreateAsync(user));
            Check(await users.AddToRolesAsync(user, roles));
            audit.Record(by, "user.created", "User", user.Id, after: new { email, displayName = user.DisplayName, roles, emailConfirmed = true });
        }, ct);

        // After the roles: adding them changed the security stamp, which the reset token is bound to.
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(await users.GeneratePasswordResetTokenAsync(user)));
        var link = HtmlEncoder.Default.Encode(resetUrl(code));
        var language = user.PreferredLanguage;
        await mail.SendEmailAsync(email, text.Translate("Your SealService staff account", language),
            $"<p>{HtmlEncoder.Default.Encode(string.Format(System.Globalization.CultureInfo.InvariantCulture, text.Translate("Hello {0},", language), user.DisplayName))}</p>"
            + $"<p>{HtmlEncoder.Default.Encode(string.Format(System.Globalization.CultureInfo.InvariantCulture, text.Translate("{0} created a SealService account for you. Open this link to choose your password (valid for one day), then sign in with your e-mail address:", language), by.DisplayName))}</p>"
            + $"<p><a id=\"reset-link\" href=\"{link}\">{link}</a></p>");
        return user;
    }

    private async Task InTransactionAsync(Func<Task> change, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await change();
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    private async Task<AppUser> RequireAsync(string userId) =>
        await users.FindByIdAsync(userId) ?? throw new DomainRuleViolation("This account does not exist (any more).");

    private static void Check(IdentityResult result)
    {
        if (result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure)))
        {
            throw new DomainRuleViolation("Someone else changed this account meanwhile. Reload the page and try again.");
        }

        if (!result.Succeeded)
        {
            // Identity's own wording (e.g. "Email 'x' is already taken."); it names what is wrong.
            throw DomainRuleViolation.Verbatim(string.Join(" ", result.Errors.Select(e => e.Description)));
        }
    }

    private async Task<IReadOnlyList<UserSummary>> SummariesAsync(IReadOnlyList<AppUser> found, CancellationToken ct)
    {
        var ids = found.Select(u => u.Id).ToList();
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           where ids.Contains(ur.UserId)
                           select new { ur.UserId, r.Name }).ToListAsync(ct);
        var orgIds = found.Where(u => u.OrganizationId != null).Select(u => u.OrganizationId!.Value).Distinct().ToList();
        var organizations = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.LegalName, ct);
        var now = time.GetUtcNow();
        return found.Select(u => new UserSummary(
            u.Id,
            u.Email ?? "",
            u.DisplayName,
            u.OrganizationId is { } org ? organizations.GetValueOrDefault(org) : null,
            roles.Where(r => r.UserId == u.Id).Select(r => r.Name!).Order(StringComparer.Ordinal).ToList(),
            u.EmailConfirmed,
            u.TwoFactorEnabled,
            u.LockoutEnd is { } end && end > now ? end : null)).ToList();
    }
}

public sealed record NewStaffAccount(string Email, string DisplayName, IReadOnlyList<string> Roles, string Language);

public sealed record UserSummary(string Id, string Email, string DisplayName, string? OrganizationName, IReadOnlyList<string> Roles, bool EmailConfirmed, bool TwoFactorEnabled, DateTimeOffset? LockedOutUntil)
{
    public bool IsLockedOut => LockedOutUntil is not null;

    /// <summary>Locked without an end date (the admin chose "indefinitely").</summary>
    public bool IsLockedIndefinitely => LockedOutUntil is { } end && end.Year >= 9999;
}

public sealed record UserListPage(IReadOnlyList<UserSummary> Entries, int Page, int Pages, int Total, string Query);
