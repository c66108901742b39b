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
        TestHostSetup.ConfigureCommon(builder, DataDirectory, "https://seals.example.org", "test-only-passphrase");
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

    public Task<T> WithScopeAsync<T>(Func<IServiceProvider, Task<T>> action) => Services.WithScopeAsync(action);

    public Task WithScopeAsync(Func<IServiceProvider, Task> action) => Services.WithScopeAsync(action);

    /// <summary>Creates a confirmed account; with <paramref name="organization"/> the user becomes a member of it.</summary>
    public Task<AppUser> CreateUserAsync(string role, Organization? organization = null, string? email = null) =>
        Services.CreateUserAsync(role, Password, organization, email, displayName: null, "test.example");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            TestHostSetup.DeleteDataDirectory(DataDirectory);
        }
    }
}
