using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Demo;
using SealService.Cli;
using SealService.Data;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Support;

namespace SealService.Tests.Cli;

/// <summary>Demo data (published passwords) never reaches a real installation, and is never signed with real keys.</summary>
public sealed class DemoRefusalTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sealservice-demo-refusal-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Testing")]
    public async Task Seed_demo_is_refused_outside_development_on_a_current_database(string environment)
    {
        string[] settings = [$"--Storage:DataDirectory={Path.Combine(_root, "data")}", $"--Keys:Directory={Path.Combine(_root, "keys")}",
            "--Keys:Passphrase=throwaway", "--Keys:CreateIfMissing=true", "--environment", environment];
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        Assert.Equal(0, await AdminCommandLine.RunAsync(["migrate", .. settings], stdout, stderr));
        var exit = await AdminCommandLine.RunAsync(["seed-demo", .. settings], stdout, stderr);
        Assert.Equal(1, exit);
        Assert.Contains($"seed-demo: refused in {environment}", stderr.ToString(), StringComparison.Ordinal);
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Path.Combine(_root, "data", "sealservice.db")}").Options;
        await using var db = new AppDbContext(options);
        Assert.False(await db.Users.AnyAsync());
    }

    private sealed class CeremonyKeysFactory(string keys) : SealServiceFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Keys:Directory"] = keys,
            ["Keys:Passphrase"] = "a real ceremony passphrase",
            ["Keys:CreateIfMissing"] = "false",
        };
    }

    [Fact]
    public async Task Demo_data_is_never_signed_with_a_key_store_made_at_a_ceremony_and_no_demo_account_is_left_behind()
    {
        var keys = Path.Combine(_root, "ceremony-keys");
        new FileKeyStore(keys).Initialize("a real ceremony passphrase", "Real Body e.V.", DateTimeOffset.UtcNow);
        using var factory = new CeremonyKeysFactory(keys);
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync()));
        Assert.Contains("only with development keys", refused.Message, StringComparison.Ordinal);
        Assert.False(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.AnyAsync(u => u.Email == DemoSeeder.AdminEmail)));
    }

    [Fact]
    public void Keys_created_on_demand_are_marked_as_development_keys_and_ceremony_keys_are_not()
    {
        var ceremony = new FileKeyStore(Path.Combine(_root, "ceremony"));
        ceremony.Initialize("pass phrase", "Body", DateTimeOffset.UtcNow);
        Assert.False(ceremony.ReadManifest().Development);
        Assert.DoesNotContain("development", File.ReadAllText(ceremony.ManifestPath), StringComparison.Ordinal);
        var throwaway = new FileKeyStore(Path.Combine(_root, "throwaway"));
        throwaway.Initialize("pass phrase", "Body", DateTimeOffset.UtcNow, development: true);
        Assert.True(throwaway.ReadManifest().Development);
    }
}
