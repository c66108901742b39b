using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Registry;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Verify;

/// <summary>
/// The registry's SQLite read model keeps its integer keys (the full-text rowids) in the registry's order (holder,
/// product, serial), which lets a search read a page straight off the full-text index. These tests hold that order
/// through inserts into one crowded place (until keys run out there and a run of keys moves), renames and deletes, and
/// through the migration that gave existing registries ordered keys.
/// </summary>
public sealed class RegistryOrderTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    [Fact]
    public async Task Keys_stay_in_the_registry_order_when_many_seals_land_in_one_place_are_renamed_or_deleted()
    {
        var marker = "Crowd" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = await CertificateRows.OpenAsync(await ConnectionStringAsync());

        // Each new product sorts just before the previous one (and then just after): every insert halves the same gap
        // of keys, so after about forty of them the keys there are consecutive and must move to make room.
        var serials = new List<(string Product, string Serial)>();
        for (var i = 150; i >= 1; i--)
        {
            serials.Add(($"P{i:D3}", await InsertAsync(connection, $"Holder {marker}", $"P{i:D3}", $"T-{marker}-A{i:D3}")));
        }

        for (var i = 1; i <= 60; i++)
        {
            serials.Add(($"P{i:D3}a", await InsertAsync(connection, $"Holder {marker}", $"P{i:D3}a", $"T-{marker}-B{i:D3}")));
        }

        await AssertOrderedAsync(connection);

        // A rename moves the entry to its new place; a delete leaves the rest in order.
        var renamed = $"T-{marker}-A100".ToUpperInvariant();
        var deleted = $"T-{marker}-A050".ToUpperInvariant();
        await ExecuteAsync(connection, $"UPDATE \"Certificates\" SET \"ProductName\" = 'P000' WHERE \"Serial\" = '{renamed}'");
        await ExecuteAsync(connection, $"DELETE FROM \"Certificates\" WHERE \"Serial\" = '{deleted}'");
        await AssertOrderedAsync(connection);

        var expected = serials.Where(s => s.Serial != deleted)
            .Select(s => s.Serial == renamed ? (Product: "P000", s.Serial) : s)
            .OrderBy(s => s.Product, StringComparer.Ordinal).Select(s => s.Serial).ToList();
        var found = new List<string>();
        for (var page = 1; ; page++)
        {
            var result = await factory.WithScopeAsync(sp => sp.GetRequiredService<RegistrySearch>().SearchAsync(new RegistryQuery(marker, null, null, page, true), CancellationToken.None));
            found.AddRange(result.Entries.Select(e => e.Serial));
            if (!result.HasNextPage)
            {
                break;
            }
        }

        Assert.Equal(expected, found);
        Assert.Equal([renamed], (await factory.WithScopeAsync(sp => sp.GetRequiredService<RegistrySearch>()
            .SearchAsync(new RegistryQuery($"{marker} p000", null, null, 1, true), CancellationToken.None))).Entries.Select(e => e.Serial));
    }

    [Fact]
    public async Task The_migration_to_ordered_keys_keeps_every_entry_of_an_existing_registry()
    {
        var directory = Directory.CreateTempSubdirectory("registry-order-");
        try
        {
            var connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory.FullName, "old.db"), Pooling = false }.ToString();
            await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connectionString).Options))
            {
                // The registry as it was before RegistryOrder: keys in the order of issuance.
                await db.Database.GetService<IMigrator>().MigrateAsync("20261207064712_MisuseReports");
            }

            var serials = new List<(string Holder, string Serial)>();
            await using (var connection = await CertificateRows.OpenAsync(connectionString))
            {
                foreach (var holder in new[] { "Zebra Koperative", "Abahinzi", "Müller GmbH", "Koperative Ubumwe", "Boulangerie Dupont" })
                {
                    serials.Add((holder, await InsertAsync(connection, holder, "Ikawa", "T-OLD-" + serials.Count)));
                }

                await using var keys = connection.CreateCommand();
                keys.CommandText = "SELECT \"HolderName\" FROM \"RegistryEntries\" ORDER BY \"Key\"";
                Assert.Equal("Zebra Koperative", (string?)await keys.ExecuteScalarAsync());
            }

            await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite(connectionString).Options))
            {
                await db.Database.MigrateAsync();
                var search = new RegistrySearch(db, TimeProvider.System);
                var page = await search.SearchAsync(new RegistryQuery("koperative", null, null, 1, false), CancellationToken.None);
                Assert.Equal(["Koperative Ubumwe", "Zebra Koperative"], page.Entries.Select(e => e.HolderName));
                var all = await search.SearchAsync(new RegistryQuery(null, null, null, 1, false), CancellationToken.None);
                Assert.Equal(serials.OrderBy(s => s.Holder, StringComparer.Ordinal).Select(s => s.Serial), all.Entries.Select(e => e.Serial));
            }

            await using (var connection = await CertificateRows.OpenAsync(connectionString))
            {
                await AssertOrderedAsync(connection);
                // A seal issued after the migration takes its place in the order.
                await InsertAsync(connection, "Koperative Abakundakawa", "Icyayi", "T-NEW-1");
                await AssertOrderedAsync(connection);
            }
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Keys ascend exactly as (holder, product, serial) do, and the full-text index matches its rows.</summary>
    private static async Task AssertOrderedAsync(SqliteConnection connection)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*) FROM (
                SELECT "HolderName" AS h, "ProductName" AS p, "Serial" AS s,
                    LAG("HolderName") OVER (ORDER BY "Key") AS ph, LAG("ProductName") OVER (ORDER BY "Key") AS pp, LAG("Serial") OVER (ORDER BY "Key") AS ps
                FROM "RegistryEntries")
            WHERE ph IS NOT NULL AND (ph, pp, ps) >= (h, p, s)
            """;
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        command.CommandText = "SELECT (SELECT COUNT(*) FROM \"Certificates\") - (SELECT COUNT(*) FROM \"RegistryEntries\")";
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync())!);
        command.CommandText = "INSERT INTO \"RegistryFts\" (\"RegistryFts\", rank) VALUES ('integrity-check', 1)";
        await command.ExecuteNonQueryAsync();
    }

    private Task<string> ConnectionStringAsync() =>
        factory.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<AppDbContext>().Database.GetConnectionString()!));

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>An active certificate, valid for three years from a month ago.</summary>
    private static async Task<string> InsertAsync(SqliteConnection connection, string holder, string product, string serial)
    {
        serial = serial.ToUpperInvariant();
        var issued = DateTimeOffset.UtcNow.AddDays(-30);
        await CertificateRows.InsertAsync(connection, serial, holder, product, issued, issued.AddYears(3));
        return serial;
    }
}
