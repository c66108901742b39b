using System.Net;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Admin;

/// <summary>The admin folder policy holds for every page and every handler, not only for the links in the menu.</summary>
public sealed class AdminAccessTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    public static TheoryData<string> NonAdminRoles => [Roles.Certifier, Roles.Applicant, Roles.Auditor];

    [Theory]
    [MemberData(nameof(NonAdminRoles))]
    public async Task Other_roles_are_refused_for_every_admin_page_and_handler(string role)
    {
        var target = await factory.CreateUserAsync(Roles.Auditor);
        var user = await factory.CreateUserAsync(role);
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);

        foreach (var url in new[] { "/Admin", "/Admin/Users", $"/Admin/Users/{target.Id}", "/Admin/Users/New", "/Admin/Keys" })
        {
            AssertRefused(await client.GetAsync(new Uri(url, UriKind.Relative)), "GET " + url);
        }

        // A valid antiforgery token of this user, from a page everyone may see: only the policy can refuse these posts.
        var token = (await client.GetDocumentAsync("/Verify/Upload")).AntiforgeryToken()!;
        var posts = new (string Url, KeyValuePair<string, string>[] Fields)[]
        {
            ($"/Admin/Users/{target.Id}?handler=AddRole", [new("role", Roles.Admin)]),
            ($"/Admin/Users/{target.Id}?handler=RemoveRole", [new("role", Roles.Auditor)]),
            ($"/Admin/Users/{target.Id}?handler=Lock", [new("until", "")]),
            ($"/Admin/Users/{target.Id}?handler=Unlock", []),
            ($"/Admin/Users/{target.Id}?handler=ResetTwoFactor", []),
            ($"/Admin/Users/{target.Id}?handler=ResendConfirmation", []),
            ("/Admin/Users/New", [new("Input.Email", $"sneaky-{Guid.NewGuid():N}@test.example"), new("Input.DisplayName", "Sneaky"), new("Input.Roles", Roles.Admin)]),
        };
        foreach (var (url, fields) in posts)
        {
            var response = await client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent([new("__RequestVerificationToken", token), .. fields]));
            AssertRefused(response, "POST " + url);
        }

        Assert.Equal([Roles.Auditor], await factory.RolesAsync(target.Id));
        Assert.Null((await factory.ReloadAsync(target.Id)).LockoutEnd);
        Assert.Empty(await factory.AuditEntriesAsync(target.Id, "user.role-added"));
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var response = await factory.CreateBrowserClient().GetAsync(new Uri("/Admin/Users", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static void AssertRefused(HttpResponseMessage response, string what)
    {
        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{what} answered {(int)response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.Contains("/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
    }
}
