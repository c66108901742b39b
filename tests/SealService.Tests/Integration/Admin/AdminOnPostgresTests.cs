using System.Net;
using SealService.Domain;
using SealService.Tests.Integration.Postgres;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Admin;

/// <summary>The account administration on PostgreSQL: transactions around UserManager, search with LIKE, an indefinite lock.</summary>
public sealed class AdminOnPostgresTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [Fact]
    public async Task Search_role_change_and_indefinite_lock_work_on_postgres()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var user = await factory.CreateUserAsync(Roles.Auditor);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);

        var found = await client.GetDocumentAsync("/Admin/Users?q=" + Uri.EscapeDataString(user.Email!.ToUpperInvariant()));
        Assert.Equal(user.Id, Assert.Single(found.QuerySelectorAll("#users tbody tr")).GetAttribute("data-user-id"));

        var url = $"/Admin/Users/{user.Id}";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(url, new Dictionary<string, string> { ["role"] = Roles.Certifier }, "form#add-role")).StatusCode);
        Assert.Equal([Roles.Auditor, Roles.Certifier], (await factory.RolesAsync(user.Id)).Order(StringComparer.Ordinal));
        Assert.Single(await factory.AuditEntriesAsync(user.Id, "user.role-added"));

        Assert.Equal(HttpStatusCode.Redirect, (await client.SubmitFormAsync(url, new Dictionary<string, string> { ["until"] = "" }, "form#lock")).StatusCode);
        Assert.Equal("indefinitely", (await client.GetDocumentAsync(url)).QuerySelector("#locked-until")!.TextContent.Trim());
        Assert.Single(await factory.AuditEntriesAsync(user.Id, "user.locked"));
    }
}
