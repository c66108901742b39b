using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Identity;

/// <summary>The signed-in user's own account pages: profile, password, two factors and recovery codes.</summary>
public sealed class ManageAccountTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task Changed_password_signs_in_and_the_old_one_no_longer_does()
    {
        const string newPassword = "Changed-Password-2026";
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);

        var wrong = await client.SubmitFormAsync("/Identity/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = "Not-The-Password-1",
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        }, "form#change-password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The current password is not correct.", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var changed = await client.SubmitFormAsync("/Identity/Account/Manage/ChangePassword", new Dictionary<string, string>
        {
            ["Input.OldPassword"] = SealServiceFactory.Password,
            ["Input.NewPassword"] = newPassword,
            ["Input.ConfirmPassword"] = newPassword,
        }, "form#change-password");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var oldPassword = await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = SealServiceFactory.Password,
        }, "form#account");
        Assert.Equal(HttpStatusCode.OK, oldPassword.StatusCode);
        Assert.Contains("E-mail or password is not correct.", await oldPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await factory.CreateBrowserClient().SignInAsync(user.Email!, newPassword);
    }

    [Fact]
    public async Task Profile_saves_display_name_and_phone_number()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);
        var response = await client.SubmitFormAsync("/Identity/Account/Manage", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Jürgen Profil",
            ["Input.PhoneNumber"] = "+49 30 1234567",
        }, "form#profile-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var saved = await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!);
        Assert.Equal("Jürgen Profil", saved.DisplayName);
        Assert.Equal("+49 30 1234567", saved.PhoneNumber);
    }

    [Theory]
    [InlineData("/Identity/Account/Manage", "Telefonnummer")]
    [InlineData("/Identity/Account/Manage/Email", "Neue E-Mail-Adresse")]
    [InlineData("/Identity/Account/Manage/ChangePassword", "Aktuelles Passwort")]
    [InlineData("/Identity/Account/Manage/TwoFactorAuthentication", "Authenticator-App neu einrichten")]
    public async Task Manage_pages_speak_German(string url, string text)
    {
        var user = await factory.CreateUserAsync(Roles.Auditor);
        await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            await users.ResetAuthenticatorKeyAsync((await users.FindByIdAsync(user.Id))!);
        });
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("de"));
        await client.SignInAsync(user.Email!);

        var page = await client.GetDocumentAsync(url);
        Assert.Contains(text, page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Kontoeinstellungen", page.QuerySelector("nav.manage-nav")?.GetAttribute("aria-label"));
        Assert.NotNull(page.QuerySelector("#manage-2fa"));
    }

    [Theory]
    [InlineData("/Identity/Account/Manage/PersonalData")]
    [InlineData("/Identity/Account/Manage/ExternalLogins")]
    public async Task Default_ui_pages_left_in_place_render_inside_our_manage_layout(string url)
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);
        var page = await client.GetDocumentAsync(url);
        Assert.NotNull(page.QuerySelector("nav.manage-nav #manage-profile"));
        Assert.NotNull(page.QuerySelector("form.logout"));
    }

    [Fact]
    public async Task Manage_pages_need_a_signed_in_user()
    {
        var response = await factory.CreateBrowserClient().GetAsync(new Uri("/Identity/Account/Manage/ChangePassword", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task New_recovery_codes_replace_the_old_ones_and_two_factors_can_be_turned_off()
    {
        var user = await factory.CreateUserAsync(Roles.Auditor);
        var (key, oldCodes) = await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
            var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(account, 10))!.ToList();
            return ((await users.GetAuthenticatorKeyAsync(account))!, codes);
        });

        var client = await SignInWithTwoFactorsAsync(user.Email!, key);
        var generate = await client.SubmitFormAsync("/Identity/Account/Manage/GenerateRecoveryCodes", new Dictionary<string, string>(), "form#generate-recovery-codes-form");
        Assert.Equal(HttpStatusCode.Redirect, generate.StatusCode);
        Assert.Contains("ShowRecoveryCodes", generate.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var shown = await client.GetDocumentAsync(generate.Headers.Location!.OriginalString);
        var newCodes = shown.QuerySelectorAll("#recovery-codes code").Select(c => c.TextContent.Trim()).ToList();
        Assert.Equal(10, newCodes.Count);
        Assert.Empty(newCodes.Intersect(oldCodes));
        var reload = await client.GetAsync(new Uri("/Identity/Account/Manage/ShowRecoveryCodes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, reload.StatusCode);

        var oldCodeLogin = await StartSignInAsync(user.Email!);
        var rejected = await oldCodeLogin.SubmitFormAsync("/Identity/Account/LoginWithRecoveryCode", new Dictionary<string, string> { ["Input.RecoveryCode"] = oldCodes[0] }, "form#recovery-code");
        Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        Assert.Contains("This recovery code is not valid", await rejected.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var accepted = await oldCodeLogin.SubmitFormAsync("/Identity/Account/LoginWithRecoveryCode", new Dictionary<string, string> { ["Input.RecoveryCode"] = newCodes[0] }, "form#recovery-code");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var disabled = await client.SubmitFormAsync("/Identity/Account/Manage/Disable2fa", new Dictionary<string, string>(), "form#disable-2fa-form");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.False(await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            return await users.GetTwoFactorEnabledAsync((await users.FindByIdAsync(user.Id))!);
        }));
        var noCodes = await client.GetAsync(new Uri("/Identity/Account/Manage/GenerateRecoveryCodes", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, noCodes.StatusCode);
        Assert.Contains("TwoFactorAuthentication", noCodes.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await factory.CreateBrowserClient().SignInAsync(user.Email!);
    }

    [Fact]
    public async Task A_wrong_authenticator_code_is_refused_on_the_second_step()
    {
        var user = await factory.CreateUserAsync(Roles.Auditor);
        await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var account = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(account);
            await users.SetTwoFactorEnabledAsync(account, true);
        });

        var client = await StartSignInAsync(user.Email!);
        var response = await client.SubmitFormAsync("/Identity/Account/LoginWith2fa", new Dictionary<string, string> { ["Input.TwoFactorCode"] = "000000" }, "form#two-factor");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The code is not correct", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var staff = await client.GetAsync(new Uri("/Audit", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, staff.StatusCode);
    }

    private async Task<HttpClient> StartSignInAsync(string email)
    {
        var client = factory.CreateBrowserClient();
        var login = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = email,
            ["Input.Password"] = SealServiceFactory.Password,
        }, "form#account");
        Assert.Contains("LoginWith2fa", login.Headers.Location?.OriginalString, StringComparison.Ordinal);
        return client;
    }

    private async Task<HttpClient> SignInWithTwoFactorsAsync(string email, string key)
    {
        var client = await StartSignInAsync(email);
        var second = await client.SubmitFormAsync("/Identity/Account/LoginWith2fa", new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = Authenticator.Code(key, DateTimeOffset.UtcNow),
        }, "form[method=post]:not(.inline)");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        return client;
    }
}
