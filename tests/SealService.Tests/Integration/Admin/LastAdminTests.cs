using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Admin;

/// <summary>Its own test host, so that the number of admin accounts is known.</summary>
public sealed class LastAdminTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task The_last_admin_keeps_the_admin_role()
    {
        var stale = await factory.CreateUserAsync(Roles.Admin);
        var last = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(stale.Email!);
        // The first admin loses the role elsewhere while their session (cookie with the Admin role) is still open.
        await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            await users.RemoveFromRoleAsync((await users.FindByIdAsync(stale.Id))!, Roles.Admin);
        });

        var url = $"/Admin/Users/{last.Id}";
        var response = await client.SubmitFormAsync(url, new Dictionary<string, string>(), "form#remove-role-admin");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal([Roles.Admin], await factory.RolesAsync(last.Id));
        Assert.Empty(await factory.AuditEntriesAsync(last.Id, "user.role-removed"));
        var page = await client.GetDocumentAsync(url);
        Assert.Equal("This is the last admin account. Give another account the Admin role first.", page.QuerySelector(".notice.error")!.TextContent);
    }
}
