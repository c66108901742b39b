using Microsoft.EntityFrameworkCore;
using SealService.Cli;
using SealService.Data;

namespace SealService.Tests.Cli;

/// <summary>The admin commands run in-process against a throwaway data folder, exactly as `dotnet run -- &lt;command&gt;` does.</summary>
public sealed class AdminCommandLineTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sealservice-cli-tests", Guid.NewGuid().ToString("N"));

    private Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) => RunInAsync("Testing", args);

    private async Task<(int Exit, string Out, string Error)> RunInAsync(string environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // Demo data includes signed certificates, so the commands get a throwaway key folder.
        var exit = await AdminCommandLine.RunAsync([.. args, $"--Storage:DataDirectory={_dataDirectory}", $"--Keys:Directory={Path.Combine(_dataDirectory, "keys")}",
            "--Keys:Passphrase=cli-test-passphrase", "--Keys:CreateIfMissing=true", "--environment", environment], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Help_lists_the_commands_and_exits_zero()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AdminCommandLine.RunAsync(["--help"], stdout, stderr);
        Assert.Equal(0, exit);
        foreach (var command in new[] { "migrate", "create-user", "seed-demo", "verify-audit-log" })
        {
            Assert.Contains(command, stdout.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Unknown_command_exits_with_usage_error()
    {
        var (exit, _, error) = await RunAsync("make-coffee");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown command 'make-coffee'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("create-user", "--email", "a@example.org", "--role", "Auditor")]
    [InlineData("create-user", "--email", "a@example.org", "--password", "Long-enough-2026", "--role", "Wizard")]
    [InlineData("create-user", "--email", "a@example.org", "--password", "Long-enough-2026", "--role", "Applicant", "--organization", "not-a-guid")]
    public async Task Create_user_with_bad_arguments_exits_2_and_creates_nobody(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains("create-user", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
        var (_, output, _) = await RunAsync("verify-audit-log");
        Assert.Contains("0 entries", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_user_creates_a_confirmed_account_in_the_role_and_records_it()
    {
        var (exit, output, error) = await RunAsync("create-user", "--email", "new.auditor@example.org", "--password", "Long-enough-2026", "--role", "Auditor", "--name", "Nina Neu");
        Assert.True(exit == 0, error);
        Assert.Contains("Created Auditor new.auditor@example.org", output, StringComparison.Ordinal);

        var (again, _, againError) = await RunAsync("create-user", "--email", "new.auditor@example.org", "--password", "Long-enough-2026", "--role", "Auditor");
        Assert.Equal(1, again);
        Assert.Contains("already taken", againError, StringComparison.OrdinalIgnoreCase);

        var (verify, log, _) = await RunAsync("verify-audit-log");
        Assert.Equal(0, verify);
        Assert.Contains("1 entries", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Recorded_head_detects_cut_off_newest_entries()
    {
        Assert.Equal(0, (await RunAsync("create-user", "--email", "one@example.org", "--password", "Long-enough-2026", "--role", "Auditor")).Exit);
        Assert.Equal(0, (await RunAsync("create-user", "--email", "two@example.org", "--password", "Long-enough-2026", "--role", "Auditor")).Exit);
        var (_, output, _) = await RunAsync("verify-audit-log");
        var head = output.Split('\n').Single(l => l.StartsWith("Head: ", StringComparison.Ordinal))["Head: ".Length..].Split(' ')[0];
        Assert.StartsWith("2:", head, StringComparison.Ordinal);
        Assert.Equal(0, (await RunAsync("verify-audit-log", "--expect-head", head)).Exit);

        // Deleting the newest entry leaves a chain that is intact on its own; only the recorded head shows the cut.
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Path.Combine(_dataDirectory, "sealservice.db")}").Options;
        await using (var db = new AppDbContext(options))
        {
            await db.Database.ExecuteSqlRawAsync("DELETE FROM AuditLog WHERE Sequence = 2");
        }

        Assert.Equal(0, (await RunAsync("verify-audit-log")).Exit);
        var (exit, _, error) = await RunAsync("verify-audit-log", "--expect-head", head);
        Assert.Equal(1, exit);
        Assert.Contains("truncated: entry 2", error, StringComparison.Ordinal);
        Assert.Equal(2, (await RunAsync("verify-audit-log", "--expect-head", "garbage")).Exit);
    }

    [Fact]
    public async Task Weak_password_is_refused_with_identity_message()
    {
        var (exit, _, error) = await RunAsync("create-user", "--email", "weak@example.org", "--password", "short", "--role", "Admin");
        Assert.Equal(1, exit);
        Assert.Contains("Passwords must be at least 10 characters", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seed_demo_twice_creates_the_demo_data_once()
    {
        var (first, output, error) = await RunInAsync("Development", "seed-demo");
        Assert.True(first == 0, error);
        Assert.Contains("Demo data created.", output, StringComparison.Ordinal);
        Assert.Contains("admin@demo.sealservice.test", output, StringComparison.Ordinal);

        var (second, secondOutput, _) = await RunInAsync("Development", "seed-demo");
        Assert.Equal(0, second);
        Assert.Contains("already present", secondOutput, StringComparison.Ordinal);

        var counts = await CountAsync();
        Assert.True(counts.Users >= 6);
        Assert.Equal(6, counts.Organizations);
        Assert.Contains("smig", counts.Programs);
        Assert.Contains("shig", counts.Programs);
        Assert.Contains("rwts", counts.Programs);
    }

    [Fact]
    public async Task Seed_demo_in_development_without_the_demo_assembly_says_why_and_creates_nothing()
    {
        var (exit, _, error) = await RunInAsync("Development", "seed-demo", "--Demo:Assembly=SealService.NoSuchDemo");
        Assert.Equal(1, exit);
        Assert.Contains("seed-demo: there is no demo data to create: the demo assembly SealService.NoSuchDemo.dll is not in", error, StringComparison.Ordinal);
        Assert.Equal(0, (await CountAsync()).Users);
    }

    [Fact]
    public async Task Seed_demo_is_refused_in_production()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AdminCommandLine.RunAsync(["seed-demo", $"--Storage:DataDirectory={_dataDirectory}", "--environment", "Production", "--Keys:Directory=/nonexistent"], stdout, stderr);
        Assert.NotEqual(0, exit);
        Assert.Contains("seed-demo", stderr.ToString(), StringComparison.Ordinal);
    }

    private async Task<(int Users, int Organizations, List<string> Programs)> CountAsync()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Path.Combine(_dataDirectory, "sealservice.db")}").Options;
        await using var db = new AppDbContext(options);
        return (await db.Users.CountAsync(), await db.Organizations.CountAsync(), await db.Applications.Select(a => a.ProgramId).Distinct().ToListAsync());
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

}
