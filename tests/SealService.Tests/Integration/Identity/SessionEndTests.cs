using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Tests.Integration.Apply;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Identity;

/// <summary>
/// Sessions end when the account changes: a copy of the sign-in cookie (taken before the change) is replayed from a
/// second client that keeps no cookies of its own, and must be sent to sign in afterwards.
/// </summary>
public sealed class SessionEndTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private const string AuthCookie = ".AspNetCore.Identity.Application";

    /// <summary>Signs in through the real form and returns the signed-in client and a copy of its session cookie.</summary>
    private async Task<(HttpClient Client, string Cookie)> SignInAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        var response = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = SealServiceFactory.Password,
            ["Input.RememberMe"] = "false",
        }, "form#account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith(AuthCookie + "=", StringComparison.Ordinal));
        return (client, cookie);
    }

    private async Task<HttpResponseMessage> ReplayAsync(string cookie, string url)
    {
        using var replay = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = false,
            BaseAddress = new Uri("https://localhost"),
        });
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return await replay.SendAsync(request);
    }

    private static bool SentToSignIn(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location!.OriginalString.Contains("/Identity/Account/Login", StringComparison.OrdinalIgnoreCase);

    private static Task<HttpResponseMessage> SignOutAsync(HttpClient client) =>
        client.SubmitFormAsync("/Identity/Account/Manage", new Dictionary<string, string>(), "form.logout");

    [Theory]
    [InlineData(Roles.Admin, "/Admin")]
    [InlineData(Roles.Auditor, "/Audit")]
    public async Task A_replayed_staff_cookie_stops_working_at_once_after_sign_out(string role, string page)
    {
        var user = await factory.CreateUserAsync(role);
        var (client, cookie) = await SignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie, page)).StatusCode);

        var signedOut = await SignOutAsync(client);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.True(SentToSignIn(await ReplayAsync(cookie, page)), "the copied cookie still opens " + page);
    }

    [Fact]
    public async Task A_replayed_applicant_cookie_stops_working_after_sign_out_within_the_short_interval()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant, ApplyTestData.NewOrganization());
        var (client, cookie) = await SignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie, "/Apply")).StatusCode);

        await SignOutAsync(client);
        factory.Time.Advance(Infrastructure.SessionValidator.ApplicantInterval + TimeSpan.FromSeconds(1));

        Assert.True(SentToSignIn(await ReplayAsync(cookie, "/Apply")), "the copied applicant cookie still works after sign-out");
    }

    [Fact]
    public async Task A_password_change_ends_every_other_session_and_keeps_the_changing_one()
    {
        var user = await factory.CreateUserAsync(Roles.Certifier);
        var (_, other) = await SignInAsync(user.Email!);
        var (client, _) = await SignInAsync(user.Email!);

        var changed = await client.SubmitFormAsync("/Identity/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = SealServiceFactory.Password,
            ["Input.NewPassword"] = "Another-Password-2026",
            ["Input.ConfirmPassword"] = "Another-Password-2026",
        }, "form#change-password");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        Assert.True(SentToSignIn(await ReplayAsync(other, "/Certify")), "the other session survived the password change");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Certify", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Removing_a_role_ends_the_session_at_once()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var user = await factory.CreateUserAsync(Roles.Certifier);
        var (_, cookie) = await SignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie, "/Certify")).StatusCode);

        await factory.WithScopeAsync(async sp =>
        {
            var administration = sp.GetRequiredService<UserAdministration>();
            await administration.AddRoleAsync(user.Id, Roles.Auditor, ApplyTestData.ActorOf(admin, Roles.Admin));
            await administration.RemoveRoleAsync(user.Id, Roles.Certifier, ApplyTestData.ActorOf(admin, Roles.Admin));
        });

        Assert.True(SentToSignIn(await ReplayAsync(cookie, "/Certify")), "the session kept the removed certifier role");
    }

    [Fact]
    public async Task Locking_the_account_ends_the_session_at_once()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var user = await factory.CreateUserAsync(Roles.Auditor);
        var (_, cookie) = await SignInAsync(user.Email!);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie, "/Audit")).StatusCode);

        await factory.WithScopeAsync(sp => sp.GetRequiredService<UserAdministration>().LockAsync(user.Id, null, ApplyTestData.ActorOf(admin, Roles.Admin)));

        Assert.True(SentToSignIn(await ReplayAsync(cookie, "/Audit")), "the locked account's session still works");
    }
}
