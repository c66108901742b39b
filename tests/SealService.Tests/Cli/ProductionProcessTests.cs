using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SealService.Keys;
using SealService.Tests.Support;

namespace SealService.Tests.Cli;

/// <summary>
/// The built service as its own process, started the way the README's production path says (<c>dotnet SealService.dll</c> in the
/// application folder with <c>ASPNETCORE_ENVIRONMENT=Production</c>): Production behaviour, clear refusals, nothing hangs.
/// </summary>
public sealed class ProductionProcessTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);
    private readonly string _root = Directory.CreateTempSubdirectory("sealservice-process-").FullName;

    private string DataDirectory => Path.Combine(_root, "data");

    private string KeysDirectory => Path.Combine(_root, "keys");

    private string Database => Path.Combine(DataDirectory, "sealservice.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private Dictionary<string, string> Production(params (string Key, string Value)[] extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__DataDirectory"] = DataDirectory,
            ["Keys__Directory"] = KeysDirectory,
            ["Keys__Passphrase"] = "correct horse battery staple ceremony",
            ["Seal__PublicBaseUrl"] = "https://seals.example.org",
            // No server listens there: the outbox keeps the mails and retries, which is all these tests need.
            ["Mail__Smtp__Host"] = "127.0.0.1",
            ["Mail__Smtp__Port"] = "2",
            ["Mail__Smtp__UseStartTls"] = "false",
            ["Mail__From"] = "Seal Body <seals@example.org>",
            ["Seal__Contact__Email"] = "reports@example.org",
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }

    private static void AssertNoStackTrace(string text) => Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);

    [Fact]
    public async Task Production_without_keys_and_with_demo_seeding_refuses_to_start_with_a_message_and_creates_nothing()
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Storage__DataDirectory"] = DataDirectory,
            ["Demo__SeedOnFirstStart"] = "true",
            // What the launch profile sets: it must never override an environment the operator chose.
            ["SEALSERVICE_DEFAULT_ENVIRONMENT"] = "Development",
        };
        var (exit, output, error, _) = await ServiceProcess.RunAsync(environment, Limit, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        Assert.NotEqual(0, exit);
        Assert.Contains("refuses to start in Production", error, StringComparison.Ordinal);
        Assert.Contains("Demo:SeedOnFirstStart", error, StringComparison.Ordinal);
        Assert.Contains("Keys:Directory is not configured", error, StringComparison.Ordinal);
        Assert.Contains("Keys:Passphrase is not configured", error, StringComparison.Ordinal);
        AssertNoStackTrace(error + output);
        Assert.False(File.Exists(Database), "A refused start must not create a database.");
    }

    [Fact]
    public async Task Production_refuses_development_keys_and_demo_seeding_even_with_everything_else_in_place()
    {
        // What a development start leaves in a key folder (KeyStoreLocation creates it this way on first use).
        new SealService.Keys.FileKeyStore(KeysDirectory).Initialize("development-only", "Development", DateTimeOffset.UtcNow, development: true);
        var (exit, output, error, _) = await ServiceProcess.RunAsync(Production(("Keys__Passphrase", "development-only"), ("Demo__SeedOnFirstStart", "true")), Limit,
            "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        Assert.NotEqual(0, exit);
        Assert.Contains("Demo:SeedOnFirstStart", error, StringComparison.Ordinal);
        Assert.Contains("published development passphrase", error, StringComparison.Ordinal);
        Assert.Contains("throwaway development keys", error, StringComparison.Ordinal);
        AssertNoStackTrace(error + output);
    }

    [Fact]
    public async Task Readme_production_path_key_ceremony_migrate_start_and_a_stale_migration_lock()
    {
        // keys/README.md, step 2, on a machine with nothing configured but the passphrase.
        var ceremony = new Dictionary<string, string> { ["Keys__Passphrase"] = "correct horse battery staple ceremony" };
        var init = await ServiceProcess.RunAsync(ceremony, Limit, "keys", "init", $"--Keys:Directory={KeysDirectory}",
            "--Seal:IssuerName=Your Certification Body e.V.", "--Seal:PublicBaseUrl=https://seals.example.org");
        Assert.True(init.Exit == 0, init.Error + init.Out);
        Assert.Contains("Root fingerprint: sha256:", init.Out, StringComparison.Ordinal);
        var list = await ServiceProcess.RunAsync(new Dictionary<string, string>(ceremony) { ["Keys__Directory"] = KeysDirectory }, Limit, "keys", "list");
        Assert.True(list.Exit == 0, list.Error);
        Assert.Contains("active", list.Out, StringComparison.Ordinal);

        // Before 'migrate' neither the service nor a read-only command touches the schema: both refuse and say what to run.
        var port = ServiceProcess.FreePort();
        var early = await ServiceProcess.RunAsync(Production(), Limit, "--urls", $"http://127.0.0.1:{port}");
        Assert.NotEqual(0, early.Exit);
        Assert.Contains("'migrate'", early.Error, StringComparison.Ordinal);
        AssertNoStackTrace(early.Error + early.Out);
        var readOnly = await ServiceProcess.RunAsync(Production(), Limit, "verify-audit-log");
        Assert.Equal(1, readOnly.Exit);
        Assert.Contains("'migrate'", readOnly.Error, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM sqlite_master WHERE name = '__EFMigrationsHistory'"));

        var migrate = await ServiceProcess.RunAsync(Production(), Limit, "migrate");
        Assert.True(migrate.Exit == 0, migrate.Error);

        await using (var service = ServiceProcess.Start(Production(), "--urls", $"http://127.0.0.1:{port}"))
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var healthy = false;
            for (var i = 0; i < 120 && !healthy && !service.HasExited; i++)
            {
                try
                {
                    healthy = (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(500);
                }
            }

            Assert.True(healthy, service.Error + service.Output);
            var startLine = service.Output.Split('\n').Single(l => l.Contains("SealService starting", StringComparison.Ordinal));
            Assert.Contains("environment Production", startLine, StringComparison.Ordinal);
            Assert.Contains("configured key store", startLine, StringComparison.Ordinal);
            Assert.Contains("demo seeding off", startLine, StringComparison.Ordinal);
            Assert.Equal(0, await CountAsync("SELECT count(*) FROM AspNetUsers"));
        }

        // A process killed while migrating leaves its lock row behind. Read-only commands never wait for it; migrate waits a
        // bounded time and says why; an old lock is stale and removed.
        await ExecuteAsync("CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL CONSTRAINT \"PK___EFMigrationsLock\" PRIMARY KEY, \"Timestamp\" TEXT NOT NULL)");
        await ExecuteAsync($"INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)}')");
        var verify = await ServiceProcess.RunAsync(Production(), Limit, "verify-audit-log");
        Assert.True(verify.Exit == 0, verify.Error);
        var blocked = await ServiceProcess.RunAsync(Production(), Limit, "migrate", "--Storage:MigrationLockTimeout=00:00:03");
        Assert.Equal(1, blocked.Exit);
        Assert.Contains("waiting for the database migration lock", blocked.Error, StringComparison.Ordinal);
        AssertNoStackTrace(blocked.Error + blocked.Out);
        Assert.True(blocked.Took < TimeSpan.FromSeconds(60), $"migrate took {blocked.Took}");

        await ExecuteAsync($"UPDATE \"__EFMigrationsLock\" SET \"Timestamp\" = '{DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)}'");
        var recovered = await ServiceProcess.RunAsync(Production(), Limit, "migrate");
        Assert.True(recovered.Exit == 0, recovered.Error);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM \"__EFMigrationsLock\""));
    }

    [Fact]
    public async Task Kill_9_during_a_migration_never_blocks_start_up_or_commands_forever()
    {
        // Signing, audit and log keys in place, so only the schema is missing.
        new SealService.Keys.FileKeyStore(KeysDirectory).Initialize(Production()["Keys__Passphrase"], "Body e.V.", DateTimeOffset.UtcNow);
        var logKey = await ServiceProcess.RunAsync(Production(), Limit, "keys", "log-init");
        Assert.True(logKey.Exit == 0, logKey.Error + logKey.Out);
        // Kill a real 'migrate' the moment its lock row exists, as an operator's kill -9 or a power cut would.
        var killed = false;
        for (var attempt = 0; attempt < 3 && !killed; attempt++)
        {
            if (Directory.Exists(DataDirectory))
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(DataDirectory, recursive: true);
            }

            await using var migrating = ServiceProcess.Start(Production(), "migrate");
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (!migrating.HasExited && watch.Elapsed < Limit && !killed)
            {
                if (File.Exists(Database) && await LockRowExistsAsync())
                {
                    await migrating.KillAsync();
                    killed = true;
                }
            }
        }

        if (!killed)
        {
            // The lock is held for a few dozen milliseconds; on a busy machine the poll may miss it. Leave exactly what such
            // a kill leaves instead: the schema part-way migrated and EF Core's lock row still in place.
            if (Directory.Exists(DataDirectory))
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(DataDirectory, recursive: true);
            }

            Directory.CreateDirectory(DataDirectory);
            var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<SealService.Data.AppDbContext>()
                .UseSqlite($"Data Source={Database};Pooling=False").Options;
            await using (var db = new SealService.Data.AppDbContext(options))
            {
                await Microsoft.EntityFrameworkCore.Infrastructure.AccessorExtensions.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>(db.Database)
                    .MigrateAsync("20261122203930_Initial");
            }

            await ExecuteAsync("CREATE TABLE IF NOT EXISTS \"__EFMigrationsLock\" (\"Id\" INTEGER NOT NULL PRIMARY KEY, \"Timestamp\" TEXT NOT NULL)");
            await ExecuteAsync($"INSERT INTO \"__EFMigrationsLock\" (\"Id\", \"Timestamp\") VALUES (1, '{DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture)}')");
        }

        Assert.True(await LockRowExistsAsync(), "The killed migration should have left its lock row.");

        // The web host in Production does not migrate, so it never waits on the lock; it refuses at once because the schema is behind.
        var start = await ServiceProcess.RunAsync(Production(), Limit, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        Assert.NotEqual(0, start.Exit);
        Assert.Contains("'migrate'", start.Error, StringComparison.Ordinal);
        // A development start migrates, but gives up after the bounded wait with a message.
        var development = new Dictionary<string, string>(Production()) { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["Storage__MigrationLockTimeout"] = "00:00:03" };
        var developmentStart = await ServiceProcess.RunAsync(development, Limit, "--urls", $"http://127.0.0.1:{ServiceProcess.FreePort()}");
        Assert.NotEqual(0, developmentStart.Exit);
        Assert.Contains("waiting for the database migration lock", developmentStart.Error, StringComparison.Ordinal);
        AssertNoStackTrace(developmentStart.Error);

        // Once the lock is old enough to be stale, 'migrate' removes it and finishes the interrupted migration.
        var migrate = await ServiceProcess.RunAsync(Production(("Storage__MigrationLockStaleAfter", "00:00:01")), Limit, "migrate");
        Assert.True(migrate.Exit == 0, migrate.Error);
        Assert.False(await LockRowExistsAsync());
        var verify = await ServiceProcess.RunAsync(Production(), Limit, "verify-audit-log");
        Assert.True(verify.Exit == 0, verify.Error);
    }

    private async Task<bool> LockRowExistsAsync()
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT count(*) FROM \"__EFMigrationsLock\"";
            return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
        }
        catch (SqliteException)
        {
            return false; // not created yet, or busy for a moment
        }
    }

    [Fact]
    public async Task Launch_profile_default_gives_development_only_when_no_environment_is_set()
    {
        var launchSettings = await File.ReadAllTextAsync(Path.Combine(ServiceProcess.ApplicationFolder, "..", "..", "..", "Properties", "launchSettings.json"));
        Assert.DoesNotContain("ASPNETCORE_ENVIRONMENT", launchSettings, StringComparison.Ordinal);
        Assert.DoesNotContain("DOTNET_ENVIRONMENT", launchSettings, StringComparison.Ordinal);
        Assert.Contains("\"SEALSERVICE_DEFAULT_ENVIRONMENT\": \"Development\"", launchSettings, StringComparison.Ordinal);

        var port = ServiceProcess.FreePort();
        var environment = new Dictionary<string, string>
        {
            ["SEALSERVICE_DEFAULT_ENVIRONMENT"] = "Development",
            ["Storage__DataDirectory"] = DataDirectory,
            ["Keys__Directory"] = KeysDirectory,
            ["Demo__SeedOnFirstStart"] = "false",
        };
        await using var service = ServiceProcess.Start(environment, "--urls", $"http://127.0.0.1:{port}");
        for (var i = 0; i < 120 && !service.Output.Contains("SealService starting", StringComparison.Ordinal) && !service.HasExited; i++)
        {
            await Task.Delay(500);
        }

        var startLine = service.Output.Split('\n').Single(l => l.Contains("SealService starting", StringComparison.Ordinal));
        Assert.Contains("environment Development", startLine, StringComparison.Ordinal);
        Assert.Contains("DEVELOPMENT key store", startLine, StringComparison.Ordinal);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
