using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using SealService.Data;
using SealService.Data.CompiledModels.Sqlite;
using SealService.Data.Postgres;

namespace SealService.Tests.Data;

/// <summary>
/// The checks a start-up no longer makes (it skips EF Core's migrate step on a current database and loads SQLite's model
/// compiled ahead): no model change without a migration for either provider, and the compiled model is the model the
/// code describes. Each fails until the developer runs the commands at the top of AppDbContext.
/// </summary>
public sealed class DataModelTests
{
    [Fact]
    public void Every_model_change_has_a_SQLite_migration()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a SQLite migration (see the top of AppDbContext).");
    }

    [Fact]
    public void Every_model_change_has_a_PostgreSQL_migration()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a PostgreSQL migration (see the top of AppDbContext).");
    }

    [Fact]
    public void The_compiled_SQLite_model_is_the_model_the_code_describes()
    {
        using var built = new SqliteDesignTimeFactory().CreateDbContext([]);
        var expected = built.Model.ToDebugString(MetadataDebugStringOptions.LongDefault);
        using var compiled = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design-time.db").UseModel(AppDbContextModel.Instance).Options);
        Assert.NotSame(built.Model, compiled.Model);
        Assert.Equal(expected, compiled.Model.ToDebugString(MetadataDebugStringOptions.LongDefault));
    }

    [Fact]
    public void The_compiled_model_serves_only_SQLite()
    {
        // The generator also writes an assembly attribute that would hand the SQLite model to every AppDbContext, PostgreSQL's too.
        Assert.Empty(typeof(AppDbContext).Assembly.GetCustomAttributes(typeof(DbContextModelAttribute), inherit: false));
    }
}
