using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Identity;

/// <summary>The confirmation links of the account pages are on the public address even when the request names another host.</summary>
public sealed partial class AccountMailLinkTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private const string PublicBase = "https://seals.example.org/";

    [Fact]
    public async Task Resending_the_confirmation_with_a_forged_host_links_to_the_public_address_and_confirms()
    {
        var email = $"unconfirmed-{Guid.NewGuid():N}@example.com";
        await factory.WithScopeAsync(async sp =>
        {
            var result = await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(
                new AppUser { UserName = email, Email = email, DisplayName = "Una Confirmed" }, SealServiceFactory.Password);
            Assert.True(result.Succeeded);
        });

        var client = factory.CreateBrowserClient();
        var page = await client.GetDocumentAsync("/Identity/Account/ResendEmailConfirmation");
        client.DefaultRequestHeaders.Host = "attacker.example";
        var response = await client.SubmitFormAsync(page, "/Identity/Account/ResendEmailConfirmation", new Dictionary<string, string> { ["Input.Email"] = email }, "form#resend-form");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("confirmation-sent", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var link = Assert.Single(Links(Assert.Single(await MailsToAsync(email))));
        Assert.StartsWith($"{PublicBase}Identity/Account/ConfirmEmail?userId=", link, StringComparison.Ordinal);

        client.DefaultRequestHeaders.Host = null;
        var confirm = await client.GetAsync(new Uri(link[(PublicBase.Length - 1)..], UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.True(await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email))!.EmailConfirmed));
    }

    [Fact]
    public async Task Resending_to_an_unknown_address_answers_the_same_and_sends_nothing()
    {
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var client = factory.CreateBrowserClient();
        var response = await client.SubmitFormAsync("/Identity/Account/ResendEmailConfirmation", new Dictionary<string, string> { ["Input.Email"] = email }, "form#resend-form");
        Assert.Contains("confirmation-sent", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await MailsToAsync(email));
    }

    [Fact]
    public async Task Changing_the_email_with_a_forged_host_mails_a_public_link_that_changes_address_and_user_name()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var newEmail = $"moved-{Guid.NewGuid():N}@example.com";
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);
        var page = await client.GetDocumentAsync("/Identity/Account/Manage/Email");
        client.DefaultRequestHeaders.Host = "attacker.example";
        var response = await client.SubmitFormAsync(page, "/Identity/Account/Manage/Email", new Dictionary<string, string> { ["Input.NewEmail"] = newEmail }, "form#change-email");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var link = Assert.Single(Links(Assert.Single(await MailsToAsync(newEmail))));
        Assert.StartsWith($"{PublicBase}Identity/Account/ConfirmEmailChange?userId=", link, StringComparison.Ordinal);
        Assert.Equal(user.Email, await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!.Email));

        client.DefaultRequestHeaders.Host = null;
        var confirm = await client.GetAsync(new Uri(link[(PublicBase.Length - 1)..], UriKind.Relative));
        Assert.Contains("email-changed", await confirm.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var changed = await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!);
        Assert.Equal(newEmail, changed.Email);
        Assert.Equal(newEmail, changed.UserName);

        await factory.CreateBrowserClient().SignInAsync(newEmail);
    }

    [Fact]
    public async Task A_forged_email_change_link_changes_nothing()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = factory.CreateBrowserClient();
        var response = await client.GetAsync(new Uri($"/Identity/Account/ConfirmEmailChange?userId={user.Id}&email=evil%40example.com&code=Zm9yZ2Vk", UriKind.Relative));
        Assert.Contains("email-not-changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(user.Email, await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!.Email));
    }

    private async Task<List<string>> MailsToAsync(string email) =>
        (await factory.PickupMailsAsync())
            .Where(m => m.Contains($"To: {email}\n", StringComparison.Ordinal) || m.Contains($"To: {email}\r\n", StringComparison.Ordinal))
            .ToList();

    private static List<string> Links(string mail) =>
        Href().Matches(mail).Select(m => WebUtility.HtmlDecode(m.Groups["url"].Value)).ToList();

    [GeneratedRegex("href=\"(?<url>[^\"]+)\"")]
    private static partial Regex Href();
}
