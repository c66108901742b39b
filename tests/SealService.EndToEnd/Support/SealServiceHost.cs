using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using SealService.Demo;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;

namespace SealService.EndToEnd.Support;

/// <summary>
/// The real app on a real Kestrel socket (127.0.0.1, a free port) with its own SQLite database and data folder in a
/// temp directory, so a real browser can talk to it. Real clock: browsers judge cookie lifetimes by the wall clock.
/// </summary>
public sealed class SealServiceHost : WebApplicationFactory<Program>
{
    public SealServiceHost()
    {
        Port = FreeLoopbackPort();
        BaseUrl = $"http://127.0.0.1:{Port}";
        UseKestrel(options => options.Listen(IPAddress.Loopback, Port));
    }

    public int Port { get; }

    /// <summary>Where the browser reaches the app, without a trailing slash.</summary>
    public string BaseUrl { get; }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sealservice-e2e", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Demo:SeedOnFirstStart", "false");
        builder.UseSetting("Security:RequireTwoFactorForStaff", "false");
        builder.UseSetting("Seal:PublicBaseUrl", BaseUrl);
        builder.UseSetting("RateLimiting:PermitsPerMinute", "100000");
        builder.UseSetting("SignIn:PermitsPerMinutePerAddress", "100000");
        builder.UseSetting("SignIn:PermitsPerMinutePerAccount", "100000");
        builder.UseSetting("Keys:Directory", Path.Combine(DataDirectory, "keys"));
        builder.UseSetting("Keys:Passphrase", "end-to-end-only");
        builder.UseSetting("Keys:CreateIfMissing", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        // The demo data: a Development host loads it by name, the tests register it.
        builder.ConfigureTestServices(services => services.AddSealServiceDemo());
    }

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

    /// <summary>The demo organizations, users (password <see cref="DemoSeeder.DemoPassword"/>) and applications; safe to call twice.</summary>
    public Task<DemoReport> SeedDemoAsync() =>
        WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());

    /// <summary>Creates a confirmed account with <paramref name="password"/>; with <paramref name="organization"/> the user becomes a member of it.</summary>
    public Task<AppUser> CreateUserAsync(string role, string password, Organization? organization = null, string? email = null, string? displayName = null) =>
        WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            if (organization is not null && await db.Organizations.FindAsync(organization.Id) is null)
            {
                db.Organizations.Add(organization);
                await db.SaveChangesAsync();
            }

            var users = sp.GetRequiredService<UserManager<AppUser>>();
            email ??= $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@e2e.example";
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

    /// <summary>The mail pickup folder the running app writes to.</summary>
    public string MailDirectory => Services.GetRequiredService<DataPaths>().MailPickup;

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

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
