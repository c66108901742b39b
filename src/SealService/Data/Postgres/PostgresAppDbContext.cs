using Microsoft.EntityFrameworkCore.Design;

namespace SealService.Data.Postgres;

/// <summary>
/// The same model on PostgreSQL. A separate type only so that EF Core keeps PostgreSQL's migrations
/// (Data/Migrations/Postgres) apart from SQLite's.
/// </summary>
public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // The registry's order (holder, product, serial), overall and within a program or a country, with the status
        // filter's columns included, so a page is read from the index in order instead of sorting every certificate.
        // SQLite has the same indexes on its RegistryEntries read model instead (see RegistrySearch).
        builder.Entity<SealService.Domain.Certificate>(entity =>
        {
            entity.HasIndex(c => new { c.HolderName, c.ProductName, c.Serial }, "IX_Certificates_RegistryOrder")
                .IncludeProperties(c => new { c.Status, c.ValidUntil, c.ProgramId, c.HolderCountry });
            entity.HasIndex(c => new { c.ProgramId, c.HolderName, c.ProductName, c.Serial }, "IX_Certificates_RegistryProgram")
                .IncludeProperties(c => new { c.Status, c.ValidUntil, c.HolderCountry });
            entity.HasIndex(c => new { c.HolderCountry, c.HolderName, c.ProductName, c.Serial }, "IX_Certificates_RegistryCountry")
                .IncludeProperties(c => new { c.Status, c.ValidUntil, c.ProgramId });
        });
    }
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
