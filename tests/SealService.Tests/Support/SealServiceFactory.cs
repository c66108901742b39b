using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using SealService.Data;
using SealService.Demo;
using SealService.Domain;

namespace SealService.Tests.Support;

/// <summary>
/// The real app on the in-memory test server with its own SQLite database and data folder in a temp directory,
/// and a <see cref="FakeTimeProvider"/> that starts at the real current time and can be moved forward.
/// </summary>
public class SealServiceFactory : WebApplicationFactory<Program>
{
    public const string Password = "Test-Password-2026";

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sealservice-tests", Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public string KeysDirectory => Path.Combine(DataDirectory, "keys");

    /// <summary>Extra configuration a test class wants (e.g. turning on two-factor for staff).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>Whether the test host registers the demo add-on itself (a Development host also loads it by name, Demo:Assembly).</summary>
    protected virtual bool RegistersDemo => true;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Demo:SeedOnFirstStart", "false");
        builder.UseSetting("Security:RequireTwoFactorForStaff", "false");
        builder.UseSetting("Seal:PublicBaseUrl", "https://seals.example.org");
        // Every test request comes from one address; only the rate-limiting tests lower this.
        builder.UseSetting("RateLimiting:PermitsPerMinute", "100000");
        builder.UseSetting("SignIn:PermitsPerMinutePerAddress", "100000");
        builder.UseSetting("SignIn:PermitsPerMinutePerAccount", "100000");
        // Throwaway signing keys, created on first use inside the temp data folder.
        builder.UseSetting("Keys:Directory", KeysDirectory);
        builder.UseSetting("Keys:Passphrase", "test-only-passphrase");
        builder.UseSetting("Keys:CreateIfMissing", "true");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            // The demo data (a Development host loads it by name; tests register it): after the clock, which it wraps.
            if (RegistersDemo)
            {
                services.AddSealServiceDemo();
            }
        });
    }

    public HttpClient CreateBrowserClient() =>
        CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri("https://localhost") });

    public async Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var scope = Services.CreateScope();
        return await action(scope.ServiceProvider);
    }

    public async Task WithScopeAsync(Func<IServiceProvider, Task> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        using var scope = Services.CreateScope();
        await action(scope.ServiceProvider);
    }

    /// <summary>Creates a confirmed account; with <paramref name="organization"/> the user becomes a member of it.</summary>
    public Task<AppUser> CreateUserAsync(string role, Organization? organization = null, string? email = null) =>
        WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            if (organization is not null && await db.Organizations.FindAsync(organization.Id) is null)
            {
                db.Organizations.Add(organization);
                await db.SaveChangesAsync();
            }

            var users = sp.GetRequiredService<UserManager<AppUser>>();
            email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.example";
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"{role} {email[..8]}", OrganizationId = organization?.Id };
            var result = await users.CreateAsync(user, Password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(user, role);
            return user;
        });

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open on a slow machine is not worth failing a test run over; the temp folder is cleaned by the OS.
            }
        }
    }
}
