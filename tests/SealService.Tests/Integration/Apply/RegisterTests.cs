using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

public sealed class RegisterTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task Registration_creates_an_unconfirmed_applicant_and_mails_the_confirmation_link()
    {
        var client = factory.CreateBrowserClient();
        var email = $"neu-{Guid.NewGuid():N}@test.example";
        var response = await client.SubmitFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Nora Neu",
            ["Input.Email"] = email,
            ["Input.Password"] = SealServiceFactory.Password,
            ["Input.ConfirmPassword"] = SealServiceFactory.Password,
        }, "form#registerForm");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("RegisterConfirmation", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (user, roles) = await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var created = (await users.FindByEmailAsync(email))!;
            return (created, await users.GetRolesAsync(created));
        });
        Assert.Equal("Nora Neu", user.DisplayName);
        Assert.False(user.EmailConfirmed);
        Assert.Null(user.OrganizationId);
        Assert.Equal([Roles.Applicant], roles);
        var mail = (await factory.PickupMailsAsync()).Single(m => m.Contains("To: " + email, StringComparison.Ordinal));
        Assert.Contains("/Identity/Account/ConfirmEmail?userId=", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Registration_with_mismatching_passwords_is_refused()
    {
        var client = factory.CreateBrowserClient();
        var email = $"neu-{Guid.NewGuid():N}@test.example";
        var response = await client.SubmitFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Nora Neu",
            ["Input.Email"] = email,
            ["Input.Password"] = SealServiceFactory.Password,
            ["Input.ConfirmPassword"] = "something-else-2026",
        }, "form#registerForm");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The passwords do not match.", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await factory.WithScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)));
    }

    [Fact]
    public async Task Register_page_speaks_german()
    {
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var page = await client.GetDocumentAsync("/Identity/Account/Register");
        Assert.Contains("Konto für Antragsteller anlegen", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Passwort bestätigen", page.QuerySelector("label[for=Input_ConfirmPassword]")!.TextContent);
    }
}
