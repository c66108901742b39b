using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

public sealed partial class OrganizationTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task Applicant_without_organization_is_sent_to_the_profile_and_creating_it_makes_them_a_member()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);

        foreach (var url in new[] { "/Apply", "/Apply/New", "/Apply/Members" })
        {
            var redirect = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/Apply/Organization", redirect.Headers.Location!.OriginalString);
        }

        var response = await client.SubmitFormAsync("/Apply/Organization", new Dictionary<string, string>
        {
            ["Input.LegalName"] = "Beispiel Software GmbH",
            ["Input.LegalForm"] = "GmbH",
            ["Input.RegistrationNumber"] = "HRB 123456 B",
            ["Input.Country"] = "DE",
            ["Input.Street"] = "Musterstraße 1",
            ["Input.PostalCode"] = "10115",
            ["Input.City"] = "Berlin",
            ["Input.Website"] = "https://beispiel.example",
            ["Input.ContactName"] = "Erika Mustermann",
            ["Input.ContactEmail"] = "erika@beispiel.example",
            ["Input.IsAssociationMember"] = "true",
        }, "form#organization-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var organizationId = await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!.OrganizationId);
        Assert.NotNull(organizationId);
        var organization = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Organizations.SingleAsync(o => o.Id == organizationId));
        Assert.Equal("Beispiel Software GmbH", organization.LegalName);
        Assert.True(organization.IsAssociationMember);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Apply", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Invalid_profile_is_refused_with_messages_and_nothing_is_created()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);
        var response = await client.SubmitFormAsync("/Apply/Organization", new Dictionary<string, string> { ["Input.LegalName"] = "" }, "form#organization-form");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("Enter the organization's legal name.", page.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        var organizationId = await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!.OrganizationId);
        Assert.Null(organizationId);
    }

    [Fact]
    public async Task Members_edit_the_profile()
    {
        var (_, organization, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var response = await client.SubmitFormAsync("/Apply/Organization", new Dictionary<string, string> { ["Input.City"] = "Leipzig" }, "form#organization-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Organizations.SingleAsync(o => o.Id == organization.Id));
        Assert.Equal("Leipzig", stored.City);
    }

    [Fact]
    public async Task Invited_colleague_joins_and_an_account_of_another_organization_is_refused()
    {
        var (_, organization, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var colleagueEmail = $"kollegin-{Guid.NewGuid():N}@test.example";
        var before = (await factory.PickupMailsAsync()).ToHashSet();

        var response = await client.SubmitFormAsync("/Apply/Members", new Dictionary<string, string> { ["InviteEmail"] = colleagueEmail }, "form#invite-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var mail = (await factory.PickupMailsAsync()).Except(before).Single(m => m.Contains(colleagueEmail, StringComparison.Ordinal));
        var token = WebUtility.HtmlDecode(JoinLink().Match(mail).Groups[1].Value);
        Assert.False(string.IsNullOrEmpty(token));
        var stored = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<OrganizationInvitation>().SingleAsync(i => i.Email == colleagueEmail));
        Assert.NotEqual(token, stored.TokenHash);
        Assert.Equal(OrganizationInvitation.HashToken(token), stored.TokenHash);

        var (_, _, otherOrgClient) = await ApplyTestData.SignedInApplicantAsync(factory);
        var refused = await otherOrgClient.SubmitFormAsync($"/Apply/Join?token={Uri.EscapeDataString(token)}", new Dictionary<string, string>(), "form#join-form");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("already belongs to another organization", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var colleague = await factory.CreateUserAsync(Roles.Applicant, email: colleagueEmail);
        var colleagueClient = await factory.CreateBrowserClient().SignInAsync(colleagueEmail);
        var joined = await colleagueClient.SubmitFormAsync($"/Apply/Join?token={Uri.EscapeDataString(token)}", new Dictionary<string, string>(), "form#join-form");
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        var organizationId = await factory.WithScopeAsync(async sp => (await sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(colleague.Id))!.OrganizationId);
        Assert.Equal(organization.Id, organizationId);
        var members = await colleagueClient.GetDocumentAsync("/Apply/Members");
        Assert.Equal(2, members.QuerySelectorAll("#members .member").Length);

        var reused = await client.GetDocumentAsync($"/Apply/Join?token={Uri.EscapeDataString(token)}");
        Assert.Null(reused.QuerySelector("form#join-form"));
    }

    [GeneratedRegex("/Apply/Join\\?token=([^\"<\\s]+)")]
    private static partial Regex JoinLink();
}
