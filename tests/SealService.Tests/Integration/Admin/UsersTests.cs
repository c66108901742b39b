using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Admin;

/// <summary>/Admin/Users and /Admin/Users/{id} through the real forms: roles, lock, two-factor reset, confirmation mail.</summary>
public sealed class UsersTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private async Task<(AppUser Admin, HttpClient Client)> SignedInAdminAsync()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        return (admin, await factory.CreateBrowserClient().SignInAsync(admin.Email!));
    }

    [Fact]
    public async Task The_list_finds_accounts_by_email_and_shows_roles_and_state()
    {
        var (_, client) = await SignedInAdminAsync();
        var auditor = await factory.CreateUserAsync(Roles.Auditor);

        var page = await client.GetDocumentAsync("/Admin/Users?q=" + Uri.EscapeDataString(auditor.Email!.ToUpperInvariant()));

        var rows = page.QuerySelectorAll("#users tbody tr");
        var row = Assert.Single(rows);
        Assert.Equal(auditor.Id, row.GetAttribute("data-user-id"));
        Assert.Equal("Auditor", row.QuerySelector(".roles")!.TextContent);
        Assert.Contains("yes", row.TextContent, StringComparison.Ordinal);
        Assert.Empty((await client.GetDocumentAsync("/Admin/Users?q=nobody-has-this-name")).QuerySelectorAll("#users tbody tr"));
    }

    [Fact]
    public async Task Adding_and_removing_a_role_changes_it_and_records_who_did_it()
    {
        var (admin, client) = await SignedInAdminAsync();
        var user = await factory.CreateUserAsync(Roles.Auditor);
        var url = $"/Admin/Users/{user.Id}";

        var added = await client.SubmitFormAsync(url, new Dictionary<string, string> { ["role"] = Roles.Certifier }, "form#add-role");
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal([Roles.Auditor, Roles.Certifier], (await factory.RolesAsync(user.Id)).Order(StringComparer.Ordinal));
        var entry = Assert.Single(await factory.AuditEntriesAsync(user.Id, "user.role-added"));
        Assert.Equal(admin.Id, entry.ActorId);
        Assert.Equal("""{"roles":["Auditor"]}""", entry.Before);
        Assert.Equal("""{"roles":["Auditor","Certifier"]}""", entry.After);

        var removed = await client.SubmitFormAsync(url, new Dictionary<string, string>(), "form#remove-role-auditor");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal([Roles.Certifier], await factory.RolesAsync(user.Id));
        var removal = Assert.Single(await factory.AuditEntriesAsync(user.Id, "user.role-removed"));
        Assert.Equal("""{"roles":["Auditor","Certifier"]}""", removal.Before);
        Assert.Equal("""{"roles":["Certifier"]}""", removal.After);

        var page = await client.GetDocumentAsync(url);
        Assert.Contains("Role Auditor removed.", page.QuerySelector(".notice.success")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_cannot_remove_their_own_admin_role()
    {
        var (admin, client) = await SignedInAdminAsync();
        var url = $"/Admin/Users/{admin.Id}";

        var response = await client.SubmitFormAsync(url, new Dictionary<string, string>(), "form#remove-role-admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([Roles.Admin], await factory.RolesAsync(admin.Id));
        Assert.Empty(await factory.AuditEntriesAsync(admin.Id, "user.role-removed"));
        var page = await client.GetDocumentAsync(url);
        Assert.Equal("You cannot remove your own Admin role. Ask another admin to do it.", page.QuerySelector(".notice.error")!.TextContent);
    }

    [Fact]
    public async Task A_locked_account_cannot_sign_in_until_it_is_unlocked()
    {
        var (admin, client) = await SignedInAdminAsync();
        var user = await factory.CreateUserAsync(Roles.Auditor);
        var url = $"/Admin/Users/{user.Id}";

        var locked = await client.SubmitFormAsync(url, new Dictionary<string, string> { ["until"] = "" }, "form#lock");
        Assert.Equal(HttpStatusCode.Redirect, locked.StatusCode);
        Assert.True((await factory.ReloadAsync(user.Id)).LockoutEnd > factory.Time.GetUtcNow().AddYears(100));
        Assert.Equal(admin.Id, Assert.Single(await factory.AuditEntriesAsync(user.Id, "user.locked")).ActorId);
        Assert.Equal("indefinitely", (await client.GetDocumentAsync(url)).QuerySelector("#locked-until")!.TextContent.Trim());

        var signIn = await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = SealServiceFactory.Password,
        }, "form#account");
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains("Lockout", signIn.Headers.Location!.OriginalString, StringComparison.Ordinal);

        var unlocked = await client.SubmitFormAsync(url, new Dictionary<string, string>(), "form#unlock");
        Assert.Equal(HttpStatusCode.Redirect, unlocked.StatusCode);
        Assert.Single(await factory.AuditEntriesAsync(user.Id, "user.unlocked"));
        await factory.CreateBrowserClient().SignInAsync(user.Email!);
    }

    [Fact]
    public async Task An_admin_cannot_lock_their_own_account()
    {
        var (admin, client) = await SignedInAdminAsync();
        var response = await client.SubmitFormAsync($"/Admin/Users/{admin.Id}", new Dictionary<string, string> { ["until"] = "" }, "form#lock");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Null((await factory.ReloadAsync(admin.Id)).LockoutEnd);
    }

    [Fact]
    public async Task Resetting_two_factor_turns_it_off_and_replaces_the_authenticator_key()
    {
        var (_, client) = await SignedInAdminAsync();
        var user = await factory.CreateUserAsync(Roles.Auditor);
        var oldKey = await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var tracked = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(tracked);
            await users.SetTwoFactorEnabledAsync(tracked, true);
            return (await users.GetAuthenticatorKeyAsync(tracked))!;
        });
        Assert.Equal("on", (await client.GetDocumentAsync($"/Admin/Users/{user.Id}")).QuerySelector("#two-factor")!.TextContent);

        var response = await client.SubmitFormAsync($"/Admin/Users/{user.Id}", new Dictionary<string, string>(), "form#reset-two-factor");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (enabled, newKey) = await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var reloaded = (await users.FindByIdAsync(user.Id))!;
            return (reloaded.TwoFactorEnabled, await users.GetAuthenticatorKeyAsync(reloaded));
        });
        Assert.False(enabled);
        Assert.NotEqual(oldKey, newKey);
        var entry = Assert.Single(await factory.AuditEntriesAsync(user.Id, "user.two-factor-reset"));
        Assert.Equal("""{"twoFactorEnabled":true}""", entry.Before);

        // Signing in no longer asks for the old authenticator's code.
        var signIn = await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = SealServiceFactory.Password,
        }, "form#account");
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task The_confirmation_mail_can_be_sent_again_to_an_unconfirmed_account()
    {
        var (_, client) = await SignedInAdminAsync();
        var email = $"unconfirmed-{Guid.NewGuid():N}@test.example";
        var user = await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var created = new AppUser { UserName = email, Email = email, DisplayName = "Una Unconfirmed" };
            await users.CreateAsync(created, SealServiceFactory.Password);
            await users.AddToRoleAsync(created, Roles.Applicant);
            return created;
        });

        var response = await client.SubmitFormAsync($"/Admin/Users/{user.Id}", new Dictionary<string, string>(), "form#resend-confirmation");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single(await factory.AuditEntriesAsync(user.Id, "user.confirmation-resent"));
        var link = AdminTestData.LinkPath(Assert.Single(await factory.MailsAsync(email)), "confirm-link");
        Assert.StartsWith("/Identity/Account/ConfirmEmail?userId=" + user.Id, link, StringComparison.Ordinal);
        await factory.CreateBrowserClient().GetAsync(new Uri(link, UriKind.Relative));
        Assert.True((await factory.ReloadAsync(user.Id)).EmailConfirmed);
    }

    [Fact]
    public async Task An_unknown_account_is_not_found()
    {
        var (_, client) = await SignedInAdminAsync();
        var response = await client.GetAsync(new Uri("/Admin/Users/no-such-user", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_users_page_speaks_german()
    {
        var (_, client) = await SignedInAdminAsync();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var page = await client.GetDocumentAsync("/Admin/Users");
        Assert.Equal("Benutzer und Rollen", page.QuerySelector("h1")!.TextContent);
    }
}
