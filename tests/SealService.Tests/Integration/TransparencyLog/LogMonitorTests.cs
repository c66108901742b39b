using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier.Cli;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Integration.Verify;
using SealService.Tests.Support;
using SealService.TransparencyLog;

namespace SealService.Tests.Integration.TransparencyLog;

/// <summary><c>sealverify log monitor</c> against the real service: it follows honest growth and catches a tampered entry and a fork.</summary>
public sealed class LogMonitorTests : IDisposable
{
    private readonly VerifyFactory _factory = new();
    private readonly string _state;

    public LogMonitorTests()
    {
        _state = Path.Combine(_factory.DataDirectory, "monitor", "state.json");
        Directory.CreateDirectory(Path.GetDirectoryName(_state)!);
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_monitor_follows_the_log_and_prints_each_new_event_once()
    {
        var http = _factory.CreateClient();
        var key = (await PublicLogTests.ReadKeyAsync(http)).ToString();
        var first = await _factory.Issuer.IssueAsync(_factory);

        var (code, output, error) = await MonitorAsync(http, key);
        Assert.True(code == 0, error);
        Assert.Contains($"#0 {{\"issuedAt\"", output, StringComparison.Ordinal);
        Assert.Contains(first.Serial, output, StringComparison.Ordinal);
        Assert.Contains("tree size 1", output, StringComparison.Ordinal);

        await SealStatesFixture.ChangeStatusAsync(_factory, first.Serial, StatusChange.Suspend, StatusChangeReason.FeeNotPaid, "");
        var second = await _factory.Issuer.IssueAsync(_factory);
        (code, output, error) = await MonitorAsync(http, key);
        Assert.True(code == 0, error);
        Assert.DoesNotContain("#0 ", output, StringComparison.Ordinal);
        Assert.Contains("#1 {\"at\"", output, StringComparison.Ordinal);
        Assert.Contains("certificate.suspended", output, StringComparison.Ordinal);
        Assert.Contains(second.Serial, output, StringComparison.Ordinal);
        Assert.Contains("consistent with size 1", output, StringComparison.Ordinal);

        (code, output, _) = await MonitorAsync(http, key);
        Assert.Equal(0, code);
        Assert.Contains("0 new entries", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stored_entry_rewritten_in_the_database_is_caught_after_a_restart()
    {
        var http = _factory.CreateClient();
        var key = (await PublicLogTests.ReadKeyAsync(http)).ToString();
        var seal = await _factory.Issuer.IssueAsync(_factory);
        await SealStatesFixture.ChangeStatusAsync(_factory, seal.Serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "");
        Assert.Equal(0, (await MonitorAsync(http, key)).Code);

        // Someone with database access quietly undoes the revocation in the log; the service restarts and rebuilds its tree.
        await RewriteEntryAsync(1, "certificate.revoked", "certificate.reinstated");
        _factory.Services.GetRequiredService<PublicLog>().Reset();
        var (code, _, error) = await MonitorAsync(http, key);
        Assert.Equal(1, code);
        Assert.Contains("FORK: two signed checkpoints for size 2", error, StringComparison.Ordinal);

        // Once the log grows on top of the rewritten history, the consistency proof fails instead.
        await _factory.Issuer.IssueAsync(_factory);
        (code, _, error) = await MonitorAsync(http, key);
        Assert.Equal(1, code);
        Assert.Contains("not consistent with the one of size 2", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_entry_altered_after_it_was_published_does_not_match_its_leaf_hash()
    {
        var http = _factory.CreateClient();
        var key = (await PublicLogTests.ReadKeyAsync(http)).ToString();
        var seal = await _factory.Issuer.IssueAsync(_factory);
        Assert.Equal(0, (await MonitorAsync(http, key)).Code);
        await SealStatesFixture.ChangeStatusAsync(_factory, seal.Serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "");
        await http.GetStringAsync("/log/checkpoint");

        await RewriteEntryAsync(1, "certificate.revoked", "certificate.reinstated");
        var (code, output, error) = await MonitorAsync(http, key);
        Assert.Equal(1, code);
        Assert.Contains("TAMPERED: entry #1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("#1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_log_signed_with_the_same_key_is_reported_as_a_fork()
    {
        var http = _factory.CreateClient();
        var key = (await PublicLogTests.ReadKeyAsync(http)).ToString();
        await _factory.Issuer.IssueAsync(_factory);
        await _factory.Issuer.IssueAsync(_factory);
        Assert.Equal(0, (await MonitorAsync(http, key)).Code);
        var stateBefore = await File.ReadAllTextAsync(_state);

        // A split view: the same log key and origin, but a different history shown to this monitor.
        using var forked = new ForkedLogFactory(Path.Combine(_factory.KeysDirectory, LogSigningKey.DefaultKeyFile));
        var forkedHttp = forked.CreateClient();
        Assert.Equal(key, (await PublicLogTests.ReadKeyAsync(forkedHttp)).ToString());
        for (var i = 0; i < 3; i++)
        {
            await forked.Issuer.IssueAsync(forked);
        }

        var (code, _, error) = await MonitorAsync(forkedHttp, key);
        Assert.Equal(1, code);
        Assert.Contains("FORK OR REWRITE", error, StringComparison.Ordinal);
        Assert.Equal(stateBefore, await File.ReadAllTextAsync(_state));

        // The honest log still passes; a wrong key is refused outright.
        Assert.Equal(0, (await MonitorAsync(http, key)).Code);
        var otherKey = new SealVerifier.TransparencyLog.NoteVerifierKey("seals.example.org/log", new byte[32]).ToString();
        (code, _, error) = await MonitorAsync(http, otherKey);
        Assert.Equal(1, code);
        Assert.Contains("signature", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Usage_errors_and_an_unreachable_log_exit_2()
    {
        var http = _factory.CreateClient();
        var key = (await PublicLogTests.ReadKeyAsync(http)).ToString();
        Assert.Equal(2, (await RunAsync(http, "log", "monitor", "--url", "http://localhost/log", "--key", key)).Code);
        Assert.Equal(2, (await RunAsync(http, "log", "monitor", "--state", _state, "--url", "http://localhost/log", "--key", "not-a-key")).Code);
        var (code, _, error) = await RunAsync(http, "log", "monitor", "--state", _state, "--url", "http://localhost/nolog", "--key", key);
        Assert.Equal(2, code);
        Assert.Contains("checkpoint", error, StringComparison.Ordinal);
    }

    private Task<(int Code, string Output, string Error)> MonitorAsync(HttpClient http, string key) =>
        RunAsync(http, "log", "monitor", "--state", _state, "--url", new Uri(http.BaseAddress!, "/log").ToString(), "--key", key);

    private static async Task<(int Code, string Output, string Error)> RunAsync(HttpClient http, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, stdout, stderr, http);
        return (code, stdout.ToString(), stderr.ToString());
    }

    private Task RewriteEntryAsync(long index, string from, string to) =>
        _factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var record = await db.TransparencyLog.AsNoTracking().SingleAsync(r => r.Index == index);
            var rewritten = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(record.Entry).Replace(from, to, StringComparison.Ordinal));
            Assert.NotEqual(record.Entry, rewritten);
            await db.Database.ExecuteSqlAsync($"UPDATE TransparencyLog SET Entry = {rewritten} WHERE \"Index\" = {index}");
        });

    private sealed class ForkedLogFactory(string logKeyFile) : VerifyFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
        {
            ["TransparencyLog:KeyFile"] = logKeyFile,
        };
    }
}
