using System.Net;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Admin;

public sealed class NewStaffAccountTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task A_new_staff_member_gets_a_link_sets_a_password_and_signs_in()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        var email = $"new-auditor-{Guid.NewGuid():N}@test.example";

        var created = await client.SubmitFormAsync("/Admin/Users/New", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.DisplayName"] = "Nadia Neu",
            ["Input.Roles"] = Roles.Auditor,
            ["Input.Language"] = "en",
        }, "form#new-staff");

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var userId = created.Headers.Location!.OriginalString.Split('/')[^1];
        var user = await factory.ReloadAsync(userId);
        Assert.Equal(email, user.Email);
        Assert.Equal("Nadia Neu", user.DisplayName);
        Assert.True(user.EmailConfirmed);
        Assert.Null(user.PasswordHash);
        Assert.Equal([Roles.Auditor], await factory.RolesAsync(userId));
        var entry = Assert.Single(await factory.AuditEntriesAsync(userId, "user.created"));
        Assert.Equal(admin.Id, entry.ActorId);
        Assert.Contains("\"roles\":[\"Auditor\"]", entry.After, StringComparison.Ordinal);

        var mail = Assert.Single(await factory.MailsAsync(email));
        Assert.Contains("Subject: Your SealService staff account", mail, StringComparison.Ordinal);
        var link = AdminTestData.LinkPath(mail, "reset-link");
        Assert.StartsWith("/Identity/Account/ResetPassword?code=", link, StringComparison.Ordinal);

        var newcomer = factory.CreateBrowserClient();
        const string password = "Chosen-by-Nadia-2026";
        var reset = await newcomer.SubmitFormAsync(link, new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = password,
        }, "form#reset-form");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.NotNull((await HtmlForms.ParseAsync(await reset.Content.ReadAsStringAsync())).QuerySelector("#reset-done"));

        await newcomer.SignInAsync(email, password);
        Assert.Equal(HttpStatusCode.OK, (await newcomer.GetAsync(new Uri("/Audit", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_account_needs_a_role_and_a_new_address()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);

        var noRole = await client.SubmitFormAsync("/Admin/Users/New", new Dictionary<string, string>
        {
            ["Input.Email"] = $"no-role-{Guid.NewGuid():N}@test.example",
            ["Input.DisplayName"] = "No Role",
        }, "form#new-staff");
        Assert.Equal(HttpStatusCode.OK, noRole.StatusCode);
        Assert.Contains("Choose at least one role.", await noRole.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var taken = await client.SubmitFormAsync("/Admin/Users/New", new Dictionary<string, string>
        {
            ["Input.Email"] = admin.Email!,
            ["Input.DisplayName"] = "Double",
            ["Input.Roles"] = Roles.Certifier,
        }, "form#new-staff");
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Contains("An account with this e-mail address already exists.", await taken.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await factory.MailsAsync(admin.Email!));
    }
}
