using System.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace SealService.Infrastructure;

/// <summary>
/// Which of this build's migrations a database lacks, read straight from EF Core's history table. EF Core's own
/// <c>GetPendingMigrationsAsync</c> first builds a model of that table, a tenth of a second at every start and readiness
/// check; the table is one column of migration ids, so reading it directly gives the same answer. Only a database whose
/// history holds every migration of this build is current; a missing database or table means a new database.
/// </summary>
public static class MigrationHistory
{
    /// <summary>EF Core's default history table (SealService does not rename it).</summary>
    public const string Table = "__EFMigrationsHistory";

    public static async Task<IReadOnlyList<string>> PendingMigrationsAsync(this DatabaseFacade database, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var applied = await AppliedAsync(database, ct);
        return database.GetMigrations().Where(id => !applied.Contains(id)).ToList();
    }

    private static async Task<HashSet<string>> AppliedAsync(DatabaseFacade database, CancellationToken ct)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        if (!await database.GetService<IRelationalDatabaseCreator>().ExistsAsync(ct))
        {
            return applied;
        }

        var connection = database.GetDbConnection();
        var opened = connection.State != ConnectionState.Open;
        if (opened)
        {
            await database.OpenConnectionAsync(ct);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = database.IsNpgsql()
                ? $"SELECT to_regclass('\"{Table}\"') IS NOT NULL"
                : $"SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '{Table}'";
            if (!Convert.ToBoolean(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture))
            {
                return applied;
            }

            command.CommandText = $"SELECT \"MigrationId\" FROM \"{Table}\"";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                applied.Add(reader.GetString(0));
            }

            return applied;
        }
        finally
        {
            if (opened)
            {
                await database.CloseConnectionAsync();
            }
        }
    }
}
