using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace SealService.Data.Postgres;

/// <summary>
/// The same model on PostgreSQL. A separate type only so that EF Core keeps PostgreSQL's migrations
/// (Data/Migrations/Postgres) apart from SQLite's.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
}

/// <summary>Lets <c>dotnet ef</c> build PostgreSQL migrations without a running server.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresAppDbContext>()
            .UseNpgsql(Environment.GetEnvironmentVariable("SEALSERVICE_DESIGN_POSTGRES") ?? "Host=localhost;Database=sealservice_design")
            .Options);
}

/// <summary>Lets <c>dotnet ef</c> build SQLite migrations for <see cref="AppDbContext"/> without starting the app.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<AppDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
