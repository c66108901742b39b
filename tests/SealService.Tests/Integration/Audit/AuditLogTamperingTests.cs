using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Cli;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

/// <summary>Each test gets its own database: they break the audit chain on purpose.</summary>
public sealed class AuditLogTamperingTests : IDisposable
{
    private readonly SealServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    private async Task<long> WriteEntriesAsync(int count)
    {
        await _factory.WithScopeAsync(async sp =>
        {
            var audit = sp.GetRequiredService<AuditTrail>();
            var db = sp.GetRequiredService<AppDbContext>();
            for (var i = 1; i <= count; i++)
            {
                audit.Record(Actor.System, "test.step", "Test", i.ToString(System.Globalization.CultureInfo.InvariantCulture), new { step = i - 1 }, new { step = i });
                await db.SaveChangesAsync();
            }
        });
        return await _factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.MaxAsync(e => e.Sequence));
    }

    private Task ExecuteAsync(string sql, long sequence) =>
        _factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(sql, sequence));

    private async Task<(int Exit, string Out, string Error)> VerifyWithCliAsync()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AdminCommandLine.RunAsync(["verify-audit-log", $"--Storage:DataDirectory={_factory.DataDirectory}", $"--Keys:Directory={_factory.KeysDirectory}"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Intact_log_verifies()
    {
        var last = await WriteEntriesAsync(3);

        var (exit, output, error) = await VerifyWithCliAsync();

        Assert.True(exit == 0, error);
        Assert.Contains($"{last} entries, chain verified", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE AuditLog SET Action = 'test.forged' WHERE Sequence = {0}")]
    [InlineData("UPDATE AuditLog SET After = '{{\"step\":99}}' WHERE Sequence = {0}")]
    public async Task Editing_an_entry_is_reported_with_its_number(string sql)
    {
        var last = await WriteEntriesAsync(5);
        var tampered = last - 2;
        await ExecuteAsync(sql, tampered);

        var (exit, _, error) = await VerifyWithCliAsync();

        Assert.Equal(1, exit);
        Assert.Contains($"broken at entry {tampered}:", error, StringComparison.Ordinal);
        Assert.Contains("edited", error, StringComparison.Ordinal);
    }

    /// <summary>What someone with write access to the database (and without the audit key) can do: recompute plain hashes.</summary>
    private async Task RewritePlainAsync(long from)
    {
        var entries = await _factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Sequence < from)
            {
                continue;
            }

            entries[i].PreviousHash = i == 0 ? AuditChain.GenesisHash : entries[i - 1].Hash;
            entries[i].Hash = AuditChain.ComputeHash(entries[i]);
            var entry = entries[i];
            await _factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Database.ExecuteSqlRawAsync(
                "UPDATE AuditLog SET PreviousHash = {0}, Hash = {1} WHERE Sequence = {2}", entry.PreviousHash, entry.Hash, entry.Sequence));
        }
    }

    [Fact]
    public async Task Editing_an_entry_and_recomputing_every_later_hash_is_reported_with_its_number()
    {
        var last = await WriteEntriesAsync(6);
        var tampered = last - 3;
        await ExecuteAsync("UPDATE AuditLog SET Action = 'test.forged' WHERE Sequence = {0}", tampered);
        await RewritePlainAsync(tampered);

        var (exit, _, error) = await VerifyWithCliAsync();

        Assert.Equal(1, exit);
        Assert.Contains($"broken at entry {tampered}:", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_forged_entry_chained_onto_the_log_is_reported_with_its_number()
    {
        var last = await WriteEntriesAsync(4);
        // The forged entry: correctly chained to the real tail, but hashed without the key.
        await _factory.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<AuditTrail>().Record(Actor.System, "certificate.issued", "Certificate", "forged");
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        await RewritePlainAsync(last + 1);

        var (exit, _, error) = await VerifyWithCliAsync();

        Assert.Equal(1, exit);
        Assert.Contains($"broken at entry {last + 1}:", error, StringComparison.Ordinal);
        Assert.Contains("forged", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_log_written_before_the_key_is_sealed_on_start_only_with_the_head_the_operator_confirmed()
    {
        var last = await WriteEntriesAsync(3);
        await RewritePlainAsync(1);
        var (exit, _, error) = await VerifyWithCliAsync();
        Assert.Equal(1, exit);
        Assert.Contains("not keyed", error, StringComparison.Ordinal);
        var head = await _factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.SingleAsync(e => e.Sequence == last));
        Assert.Contains($"Audit:SealUnkeyedChainHead={last}:{head.Hash}", error, StringComparison.Ordinal);

        await StartWithSealHeadAsync($"{last}:{new string('0', 64)}");
        Assert.Equal(1, (await VerifyWithCliAsync()).Exit);

        await StartWithSealHeadAsync($"{last}:{head.Hash}");
        (exit, var output, error) = await VerifyWithCliAsync();
        Assert.True(exit == 0, error);
        Assert.Contains($"{last + 1} entries, chain verified", output, StringComparison.Ordinal);
        Assert.Equal("audit-log.keyed", (await _factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.SingleAsync(e => e.Sequence == last + 1))).Action);

        // Left in the configuration, the setting does nothing more.
        await StartWithSealHeadAsync($"{last}:{head.Hash}");
        Assert.Equal(last + 1, await _factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.CountAsync()));
    }

    private Task StartWithSealHeadAsync(string head) =>
        _factory.WithScopeAsync(sp => ActivatorUtilities.CreateInstance<DatabaseInitializer>(sp,
            Microsoft.Extensions.Options.Options.Create(new AuditOptions { SealUnkeyedChainHead = head })).MigrateAsync());

    [Fact]
    public async Task Deleting_a_middle_entry_is_reported()
    {
        var last = await WriteEntriesAsync(5);
        var removed = last - 2;
        await ExecuteAsync("DELETE FROM AuditLog WHERE Sequence = {0}", removed);

        var (exit, _, error) = await VerifyWithCliAsync();

        Assert.Equal(1, exit);
        Assert.Contains($"broken at entry {removed}: entry {removed} is missing", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_page_verifies_the_chain_and_names_the_edited_entry()
    {
        var admin = await _factory.CreateUserAsync(Roles.Admin);
        var last = await WriteEntriesAsync(4);
        var client = await _factory.CreateBrowserClient().SignInAsync(admin.Email!);

        var list = await client.GetDocumentAsync("/Admin/AuditLog");
        Assert.NotNull(list.QuerySelector($"#audit-entry-{last}"));
        var response = await client.SubmitFormAsync(list, "/Admin/AuditLog", new Dictionary<string, string>(), "#verify-chain-form", "#verify-chain");
        var page = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("true", page.QuerySelector("#chain-result")?.GetAttribute("data-intact"));

        await ExecuteAsync("UPDATE AuditLog SET Action = 'test.forged' WHERE Sequence = {0}", last - 1);
        response = await client.SubmitFormAsync("/Admin/AuditLog", new Dictionary<string, string>(), "#verify-chain-form", "#verify-chain");
        page = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var result = page.QuerySelector("#chain-result");
        Assert.Equal("false", result?.GetAttribute("data-intact"));
        Assert.Equal((last - 1).ToString(System.Globalization.CultureInfo.InvariantCulture), result?.GetAttribute("data-broken-at"));
    }
}
