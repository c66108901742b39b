using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration;

public sealed class TwoFactorRequiredFactory : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Security:RequireTwoFactorForStaff"] = "true" };
}

/// <summary>With the production switch on, staff sessions without a second factor are kept out of staff pages and told how to set it up.</summary>
public sealed class TwoFactorTests(TwoFactorRequiredFactory factory) : IClassFixture<TwoFactorRequiredFactory>
{
    [Fact]
    public async Task Staff_without_second_factor_is_sent_to_set_it_up()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        var response = await client.GetAsync(new Uri("/Admin/Programs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/AccessDenied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var denied = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var html = await denied.Content.ReadAsStringAsync();
        Assert.Contains("/Identity/Account/Manage/TwoFactorAuthentication", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_signed_in_with_authenticator_code_reaches_staff_pages()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var key = await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(admin.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            return (await users.GetAuthenticatorKeyAsync(user))!;
        });

        var client = factory.CreateBrowserClient();
        var login = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = admin.Email!,
            ["Input.Password"] = SealServiceFactory.Password,
        }, "form#account");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("LoginWith2fa", login.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var second = await client.SubmitFormAsync(login.Headers.Location!.OriginalString, new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = Authenticator.Code(key, DateTimeOffset.UtcNow),
        }, "form[method=post]:not(.inline)");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var response = await client.GetAsync(new Uri("/Admin/Programs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Staff_sets_up_the_authenticator_by_scanning_the_qr_code_page()
    {
        var auditor = await factory.CreateUserAsync(Roles.Auditor);
        var client = await factory.CreateBrowserClient().SignInAsync(auditor.Email!);
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/EnableAuthenticator");
        Assert.NotNull(page.QuerySelector("#authenticator-qr svg"));
        var key = page.QuerySelector("#shared-key")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();

        var wrong = await client.SubmitFormAsync(page, "/Identity/Account/Manage/EnableAuthenticator", new Dictionary<string, string> { ["Input.Code"] = "000000" }, "form#send-code");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The code is not correct", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var right = await client.SubmitFormAsync("/Identity/Account/Manage/EnableAuthenticator", new Dictionary<string, string> { ["Input.Code"] = Authenticator.Code(key, DateTimeOffset.UtcNow) }, "form#send-code");
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Contains("ShowRecoveryCodes", right.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var codes = await client.GetDocumentAsync(right.Headers.Location!.OriginalString);
        Assert.True(codes.QuerySelectorAll("code").Length >= 10, "ten recovery codes are shown once");
        Assert.True(await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(auditor.Id))!.TwoFactorEnabled));
    }

    [Fact]
    public async Task Applicants_do_not_need_a_second_factor()
    {
        var applicant = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(applicant.Email!);
        var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
