using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier.TransparencyLog;
using SealService.Admin;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Integration.Postgres;
using SealService.Tests.Integration.Verify;
using SealService.Tests.Support;
using SealService.TransparencyLog;

namespace SealService.Tests.Integration.TransparencyLog;

/// <summary>Two web nodes on one PostgreSQL database append concurrently: the log stays gapless, complete and in commit order.</summary>
public sealed class PostgresLogTests : IDisposable
{
    private readonly string _connectionString = $"{PostgresFactory.BaseConnectionString};Database=sealservice_test_{Guid.NewGuid():N}";
    private readonly Node _first;
    private readonly Node _second;
    private readonly TestSealIssuer _issuer = new(DateTimeOffset.UtcNow);

    public PostgresLogTests()
    {
        _first = new Node(_connectionString);
        _second = new Node(_connectionString);
    }

    public void Dispose()
    {
        _first.Dispose();
        _second.Dispose();
        _issuer.Dispose();
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var db = new SealService.Data.Postgres.PostgresAppDbContext(
            new DbContextOptionsBuilder<SealService.Data.Postgres.PostgresAppDbContext>().UseNpgsql(_connectionString).Options);
        // After many inserts an autovacuum worker may still be in the database, which the test role may not end; wait for it.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                db.Database.EnsureDeleted();
                return;
            }
            catch (Npgsql.PostgresException) when (attempt < 20)
            {
                Thread.Sleep(500);
            }
        }
    }

    [Fact]
    public async Task Concurrent_events_on_two_nodes_get_gapless_positions_and_all_are_logged()
    {
        _first.CreateClient();
        _second.CreateClient();
        var seals = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => _issuer.IssueAsync(i % 2 == 0 ? _first : _second)));
        await Task.WhenAll(seals.Take(8).Select((s, i) =>
            SealStatesFixture.ChangeStatusAsync(i % 2 == 0 ? _second : _first, s.Serial, StatusChange.Revoke, StatusChangeReason.HolderRequest, "")));

        var records = await _first.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().TransparencyLog.AsNoTracking().OrderBy(r => r.Index).ToListAsync());
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (long)i), records.Select(r => r.Index));
        Assert.All(seals, s => Assert.Single(records, r => r.Serial == s.Serial && r.Type == LogEntries.CertificateIssued));
        Assert.Equal(8, records.Count(r => r.Type == LogEntries.CertificateRevoked));
        // Each seal's revocation comes after its issuance: positions follow commit order.
        Assert.All(seals.Take(8), s => Assert.True(
            records.Single(r => r.Serial == s.Serial && r.Type == LogEntries.CertificateRevoked).Index > records.Single(r => r.Serial == s.Serial && r.Type == LogEntries.CertificateIssued).Index));

        var tree = new MerkleTree();
        records.ForEach(r => tree.Append(r.Entry));
        foreach (var node in new[] { _first, _second })
        {
            var http = node.CreateClient();
            var key = await PublicLogTests.ReadKeyAsync(http);
            Assert.True(Checkpoint.TryVerify(await http.GetStringAsync("/log/checkpoint"), key, out var checkpoint, out var error), error);
            Assert.Equal(24, checkpoint.Size);
            Assert.Equal(tree.RootHash(), checkpoint.RootHash);
        }
    }

    private sealed class Node(string connectionString) : SealServiceFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:ConnectionString"] = connectionString,
        };
    }
}
