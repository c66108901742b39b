using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Admin;

public sealed class AdminIndexTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task The_start_page_links_every_admin_area_and_counts_accounts_per_role()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        await factory.CreateUserAsync(Roles.Certifier);
        await factory.CreateUserAsync(Roles.Certifier);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);

        var page = await client.GetDocumentAsync("/Admin");

        foreach (var link in new[] { "/Admin/Programs", "/Admin/Users", "/Admin/Keys", "/Admin/AuditLog" })
        {
            Assert.NotNull(page.QuerySelector($"main a[href='{link}']"));
        }

        Assert.Equal("2", page.QuerySelector("#users-per-role dd[data-role=Certifier]")!.TextContent);
        Assert.Equal("1", page.QuerySelector("#users-per-role dd[data-role=Admin]")!.TextContent);
        Assert.Equal("0", page.QuerySelector("#applications-per-status dd[data-status=Draft]")!.TextContent);
        Assert.Equal("0", page.QuerySelector("#certificates-per-status dd[data-status=Active]")!.TextContent);
    }
}
