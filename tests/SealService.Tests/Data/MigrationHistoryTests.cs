using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SealService.Data;
using SealService.Infrastructure;

namespace SealService.Tests.Data;

/// <summary>The pending migrations read straight from the history table are the ones EF Core reports, at every stage.</summary>
public sealed class MigrationHistoryTests
{
    [Fact]
    public async Task Pending_migrations_match_EF_Core_for_a_missing_an_older_and_a_current_database()
    {
        var directory = Directory.CreateTempSubdirectory("migration-history-");
        try
        {
            var path = Path.Combine(directory.FullName, "sealservice.db");
            await using var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>()
                .UseSqlite(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()).Options);

            // No database yet: every migration is pending, and asking does not create the file.
            Assert.Equal(db.Database.GetMigrations(), await db.Database.PendingMigrationsAsync());
            Assert.False(File.Exists(path));

            await db.Database.GetService<IMigrator>().MigrateAsync("20261207064712_MisuseReports");
            var older = await db.Database.PendingMigrationsAsync();
            Assert.NotEmpty(older);
            Assert.Equal(await db.Database.GetPendingMigrationsAsync(), older);

            await db.Database.MigrateAsync();
            Assert.Empty(await db.Database.PendingMigrationsAsync());
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }
}
