using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Cli;
using SealService.Admin;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Issuance;
using SealService.Tests.Integration.Renewal;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Backup;

/// <summary>
/// <c>backup</c> while seals are being issued and revoked, then <c>restore</c> into an empty folder: the restored service gives
/// the same verdict for every certificate it holds, its audit chain is intact and a prefix of the live one, and its evidence is whole.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sealservice-backup-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private sealed class RestoredFactory(string dataDirectory, string keysDirectory) : SealServiceFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Keys:Directory"] = keysDirectory,
        };
    }

    private static async Task<(int Exit, string Out, string Error)> CliAsync(string dataDirectory, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AdminCommandLine.RunAsync([.. args, $"--Storage:DataDirectory={dataDirectory}", "--environment", "Testing"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Backup_taken_while_seals_are_issued_and_revoked_restores_identical_verdicts_and_an_intact_chain()
    {
        using var live = new SealServiceFactory();
        for (var i = 0; i < 3; i++)
        {
            await RenewalScenario.IssuedAsync(live, withExpiredEvidence: true);
        }

        using var stop = new CancellationTokenSource();
        var written = 0;
        var writer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var scenario = await RenewalScenario.IssuedAsync(live, withExpiredEvidence: written % 2 == 0);
                if (Interlocked.Increment(ref written) % 2 == 0)
                {
                    await live.WithScopeAsync(sp => sp.GetRequiredService<CertificateStatusChanges>()
                        .ApplyAsync(scenario.Certificate.Serial, StatusChange.Revoke, StatusChangeReason.Other, "backup test", Actor.System, null, CancellationToken.None));
                }
            }
        });
        while (Volatile.Read(ref written) < 2)
        {
            await Task.Delay(50);
        }

        var archive = Path.Combine(_root, "backups", "sealservice.zip");
        var backup = await CliAsync(live.DataDirectory, "backup", "--out", archive);
        var duringBackup = Volatile.Read(ref written);
        while (Volatile.Read(ref written) < duringBackup + 2)
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await writer;
        Assert.True(backup.Exit == 0, backup.Error);
        Assert.Contains("Backup written", backup.Out, StringComparison.Ordinal);
        Assert.Equal(1, (await CliAsync(live.DataDirectory, "backup", "--out", archive)).Exit); // never overwrites

        var restoredFolder = Path.Combine(_root, "restored");
        var restore = await CliAsync(restoredFolder, "restore", "--from", archive);
        Assert.True(restore.Exit == 0, restore.Error);
        var again = await CliAsync(restoredFolder, "restore", "--from", archive);
        Assert.Equal(1, again.Exit);
        Assert.Contains("not empty", again.Error, StringComparison.Ordinal);

        // The audit chain is keyed: the check needs the key store (kept apart from backups, like the signing keys).
        var verify = await CliAsync(restoredFolder, "verify-audit-log", $"--Keys:Directory={live.KeysDirectory}");
        Assert.True(verify.Exit == 0, verify.Error);
        Assert.Contains("chain verified", verify.Out, StringComparison.Ordinal);

        // What the backup holds, read before a service starts on it: a restored service finishes any issuance the backup
        // caught between approval and certificate (PendingIssuance), which adds entries of its own.
        List<AuditLogEntry> restoredLog;
        List<string> serials;
        var backupOptions = new DbContextOptionsBuilder<AppDbContext>()
            .UseSqlite($"Data Source={Path.Combine(restoredFolder, DataPaths.SqliteFileName)};Pooling=False").Options;
        await using (var backupDb = new AppDbContext(backupOptions))
        {
            restoredLog = await backupDb.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
            serials = await backupDb.Certificates.AsNoTracking().Select(c => c.Serial).ToListAsync();
        }

        using var restored = new RestoredFactory(restoredFolder, live.KeysDirectory);
        var liveLog = await live.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        var head = restoredLog[^1].Sequence;
        Assert.True(liveLog.Count > restoredLog.Count, "The writer kept going after the backup; the live log must be longer.");
        Assert.Equal(restoredLog.Select(e => e.Hash), liveLog.Take(restoredLog.Count).Select(e => e.Hash)); // a consistent moment: a prefix
        var changedLater = liveLog.Where(e => e.Sequence > head && e.EntityType == nameof(Certificate)).Select(e => e.EntityId).ToHashSet();

        Assert.True(serials.Count >= 5, $"only {serials.Count} certificates in the backup");
        var liveClient = live.CreateClient();
        var restoredClient = restored.CreateClient();
        var compared = 0;
        foreach (var serial in serials)
        {
            var restoredAnswer = await restoredClient.GetStringAsync(new Uri($"/api/v1/certificates/{serial}", UriKind.Relative));
            var liveAnswer = await liveClient.GetStringAsync(new Uri($"/api/v1/certificates/{serial}", UriKind.Relative));
            if (changedLater.Contains(serial))
            {
                Assert.Contains("\"status\":\"active\"", restoredAnswer, StringComparison.Ordinal); // revoked only after the backup
                continue;
            }

            Assert.Equal(WithoutCheckTime(liveAnswer), WithoutCheckTime(restoredAnswer));
            compared++;
        }

        Assert.True(compared >= 5, $"only {compared} certificates compared");
        Assert.Contains(serials, s => !changedLater.Contains(s) && liveLog.Any(e => e.EntityId == s && e.Action.Contains("revoked", StringComparison.Ordinal)));

        // Every evidence row the backup holds has its file, byte for byte.
        var evidence = await restored.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().EvidenceFiles.AsNoTracking().ToListAsync());
        Assert.NotEmpty(evidence);
        foreach (var file in evidence)
        {
            var path = Path.Combine(restoredFolder, "evidence", file.StoredName);
            Assert.True(File.Exists(path), file.StoredName);
            Assert.Equal(file.Sha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(path))));
        }
    }

    /// <summary>The answer says when it was checked (each host's clock); everything else must be the same.</summary>
    private static string WithoutCheckTime(string json)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(node.Remove("checkedAt"));
        return node.ToJsonString();
    }

    [Fact]
    public async Task A_damaged_archive_restores_nothing()
    {
        var archive = Path.Combine(_root, "damaged.zip");
        await File.WriteAllTextAsync(archive, "not a zip");
        var target = Path.Combine(_root, "target");
        var (exit, _, error) = await CliAsync(target, "restore", "--from", archive);
        Assert.Equal(1, exit);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(target) && Directory.EnumerateFiles(target, "*", SearchOption.AllDirectories).Any());
    }
}
