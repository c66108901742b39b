using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;

namespace SealService.Tests.Support;

/// <summary>
/// The host configuration every test host shares (the in-memory one of SealService.Tests and the Kestrel one of the
/// browser tests; this file is linked into both): its own data folder and throwaway keys, no demo seeding on start,
/// limits raised for a single client address, and the same helpers to run code in a scope and to create accounts.
/// </summary>
public static class TestHostSetup
{
    public static void ConfigureCommon(IWebHostBuilder builder, string dataDirectory, string publicBaseUrl, string keyPassphrase)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", dataDirectory);
        builder.UseSetting("Demo:SeedOnFirstStart", "false");
        builder.UseSetting("Security:RequireTwoFactorForStaff", "false");
        builder.UseSetting("Seal:PublicBaseUrl", publicBaseUrl);
        // Every test request comes from one address; only the rate-limiting tests lower this.
        builder.UseSetting("RateLimiting:PermitsPerMinute", "100000");
        builder.UseSetting("SignIn:PermitsPerMinutePerAddress", "100000");
        builder.UseSetting("SignIn:PermitsPerMinutePerAccount", "100000");
        // Throwaway signing keys, created on first use inside the temp data folder.
        builder.UseSetting("Keys:Directory", Path.Combine(dataDirectory, "keys"));
        builder.UseSetting("Keys:Passphrase", keyPassphrase);
        builder.UseSetting("Keys:CreateIfMissing", "true");
    }

    /// <summary>Removes a test host's data folder after the host is disposed.</summary>
    public static void DeleteDataDirectory(string dataDirectory)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine is not worth failing a test run over; the temp folder is cleaned by the OS.
        }
    }

    public static async Task<T> WithScopeAsync<T>(this IServiceProvider services, Func<IServiceProvider, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var scope = services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    public static async Task WithScopeAsync(this IServiceProvider services, Func<IServiceProvider, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var scope = services.CreateScope();
        await action(scope.ServiceProvider);
    }

    /// <summary>Creates a confirmed account; with <paramref name="organization"/> the user becomes a member of it.</summary>
    public static Task<AppUser> CreateUserAsync(this IServiceProvider services, string role, string password, Organization? organization,
        string? email, string? displayName, string emailDomain) =>
        services.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            if (organization is not null && await db.Organizations.FindAsync(organization.Id) is null)
            {
                db.Organizations.Add(organization);
                await db.SaveChangesAsync();
            }

            var users = sp.GetRequiredService<UserManager<AppUser>>();
            email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@{emailDomain}";
            var user = new AppUser
            {
                UserName = email,
                Email = email,
                EmailConfirmed = true,
                DisplayName = displayName ?? $"{role} {email[..8]}",
                OrganizationId = organization?.Id,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
            {
                throw new InvalidOperationException($"Could not create {role} {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            }

            await users.AddToRoleAsync(user, role);
            return user;
        });
}
