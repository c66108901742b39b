using System.Text.Json;
using Microsoft.EntityFrameworkCore;

using SealVerifier.TransparencyLog;
using SealService.Cli;
using SealService.Data;

namespace SealService.Tests.Cli;

/// <summary>Key ceremony commands write their public events into the transparency log; <c>keys log-init</c> creates the log key.</summary>
public sealed class KeyLogCommandTests : IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "sealservice-cli-tests", Guid.NewGuid().ToString("N"));

    private string KeysDirectory => Path.Combine(_dataDirectory, "keys");

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AdminCommandLine.RunAsync([.. args, $"--Storage:DataDirectory={_dataDirectory}", $"--Keys:Directory={KeysDirectory}",
            "--Keys:Passphrase=cli-test-passphrase", "--Seal:PublicBaseUrl=https://seals.example.org", "--environment", "Testing"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Key_init_rotate_and_compromise_are_logged_and_log_init_creates_a_key_once()
    {
        // Key commands record their events where the service's database is present and current.
        Assert.Equal(0, (await RunAsync("migrate")).Exit);
        var init = await RunAsync("keys", "init");
        Assert.True(init.Exit == 0, init.Error);
        Assert.Equal(0, (await RunAsync("keys", "rotate")).Exit);
        var records = await ReadLogAsync();
        var first = records[0].GetProperty("keyId").GetString()!;
        Assert.Equal(0, (await RunAsync("keys", "compromised", "--key-id", first, "--since", "2026-01-31T12:00:00Z")).Exit);

        records = await ReadLogAsync();
        Assert.Equal(["key.added", "key.retired", "key.added", "key.compromised"], records.Select(r => r.GetProperty("type").GetString()));
        Assert.Equal(first, records[1].GetProperty("keyId").GetString());
        Assert.NotEqual(first, records[2].GetProperty("keyId").GetString());
        Assert.Equal("2026-01-31T12:00:00Z", records[3].GetProperty("at").GetString());

        // keys init made the log key at the ceremony and printed its verifier key.
        var vkeyLine = init.Out.Split('\n').Single(l => l.StartsWith("Transparency log key created", StringComparison.Ordinal)).TrimEnd();
        Assert.True(NoteVerifierKey.TryParse(vkeyLine[(vkeyLine.LastIndexOf(' ') + 1)..], out var key, out var parseError), parseError);
        Assert.Equal("seals.example.org/log", key.Name);
        Assert.Equal(key.ToString(), (await File.ReadAllTextAsync(Path.Combine(KeysDirectory, "log.vkey"))).Trim());
        Assert.Contains("ENCRYPTED PRIVATE KEY", await File.ReadAllTextAsync(Path.Combine(KeysDirectory, "log.key")), StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(KeysDirectory, "log.key")));
        }

        var (exit, output, error) = await RunAsync("keys", "log-init");
        Assert.NotEqual(0, exit);
        Assert.Contains("never overwritten", error, StringComparison.Ordinal);

        // On demand, the audit chain head (the key commands wrote audit entries) goes into the log; once per head.
        (exit, output, _) = await RunAsync("anchor-audit-log");
        Assert.Equal(0, exit);
        Assert.Contains("anchored in the transparency log as entry #4", output, StringComparison.Ordinal);
        Assert.Equal("audit.anchor", (await ReadLogAsync())[4].GetProperty("type").GetString());
        (_, output, _) = await RunAsync("anchor-audit-log");
        Assert.Contains("Nothing to anchor", output, StringComparison.Ordinal);
    }

    private async Task<List<JsonElement>> ReadLogAsync()
    {
        var options = new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={Path.Combine(_dataDirectory, "sealservice.db")}").Options;
        await using var db = new AppDbContext(options);
        var entries = await db.TransparencyLog.OrderBy(r => r.Index).Select(r => r.Entry).ToListAsync();
        return entries.Select(e => JsonDocument.Parse(e).RootElement.Clone()).ToList();
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
