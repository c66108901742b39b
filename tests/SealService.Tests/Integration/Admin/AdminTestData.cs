using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Admin;

internal static class AdminTestData
{
    public static Task<IList<string>> RolesAsync(this SealServiceFactory factory, string userId) =>
        factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            return await users.GetRolesAsync((await users.FindByIdAsync(userId))!);
        });

    public static Task<AppUser> ReloadAsync(this SealServiceFactory factory, string userId) =>
        factory.WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Users.AsNoTracking().SingleAsync(u => u.Id == userId));

    public static Task<List<AuditLogEntry>> AuditEntriesAsync(this SealServiceFactory factory, string userId, string action) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking()
            .Where(e => e.EntityType == "User" && e.EntityId == userId && e.Action == action).OrderBy(e => e.Sequence).ToListAsync());

    public static async Task<string[]> MailsAsync(this SealServiceFactory factory, string to) =>
        (await factory.PickupMailsAsync()).Where(m => m.Contains("To: " + to, StringComparison.Ordinal)).ToArray();

    /// <summary>The href of the link with <paramref name="id"/> in a mail, HTML-decoded, as a path relative to the test server.</summary>
    public static string LinkPath(string mail, string id)
    {
        var match = System.Text.RegularExpressions.Regex.Match(mail, $"id=\"{id}\" href=\"([^\"]+)\"");
        Assert.True(match.Success, $"No link {id} in the mail: {mail}");
        return new Uri(System.Net.WebUtility.HtmlDecode(match.Groups[1].Value)).PathAndQuery;
    }
}
