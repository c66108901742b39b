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
using SealService.Tests.Support;

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
        TestHostSetup.ConfigureCommon(builder, DataDirectory, BaseUrl, "end-to-end-only");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.DataProtection", "Error");
        // The demo data: a Development host loads it by name, the tests register it.
        builder.ConfigureTestServices(services => services.AddSealServiceDemo());
    }

    public Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => Services.WithScopeAsync(action);

    public Task WithScopeAsync(Func<IServiceProvider, Task> action) => Services.WithScopeAsync(action);

    /// <summary>The demo organizations, users (password <see cref="DemoSeeder.DemoPassword"/>) and applications; safe to call twice.</summary>
    public Task<DemoReport> SeedDemoAsync() =>
        WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());

    /// <summary>Creates a confirmed account with <paramref name="password"/>; with <paramref name="organization"/> the user becomes a member of it.</summary>
    public Task<AppUser> CreateUserAsync(string role, string password, Organization? organization = null, string? email = null, string? displayName = null) =>
        Services.CreateUserAsync(role, password, organization, email, displayName, "e2e.example");

    /// <summary>The mail pickup folder the running app writes to.</summary>
    public string MailDirectory => Services.GetRequiredService<DataPaths>().MailPickup;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            TestHostSetup.DeleteDataDirectory(DataDirectory);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
