using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using SealService.TransparencyLog;

namespace SealService.Data;

// Migrations exist per provider. Add one to both:
//   dotnet ef migrations add <Name> --project src/SealService --context AppDbContext --output-dir Data/Migrations
//   dotnet ef migrations add <Name> --project src/SealService --context PostgresAppDbContext --output-dir Data/Migrations/Postgres
// SQLite's model is also compiled ahead (Data/CompiledModels/Sqlite; loaded at start instead of built from this class, see
// AddSealService). After a model change regenerate it, then delete the generated AppDbContextAssemblyAttributes.cs (the
// compiled model must not apply to PostgreSQL):
//   dotnet ef dbcontext optimize --project src/SealService --context AppDbContext --output-dir Data/CompiledModels/Sqlite --namespace SealService.Data.CompiledModels.Sqlite
// DataModelTests fail while a migration or the compiled model is missing.
public class AppDbContext : IdentityDbContext<AppUser>
{
    public AppDbContext(DbContextOptions<AppDbContext> options)
        : base(options)
    {
    }

    /// <summary>For provider-specific subclasses that carry their own migrations.</summary>
    protected AppDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<Organization> Organizations => Set<Organization>();
    public DbSet<SealApplication> Applications => Set<SealApplication>();
    public DbSet<Declaration> Declarations => Set<Declaration>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<ApplicationRevision> ApplicationRevisions => Set<ApplicationRevision>();
    public DbSet<Assessment> Assessments => Set<Assessment>();
    public DbSet<ChangeRequest> ChangeRequests => Set<ChangeRequest>();
    public DbSet<Certificate> Certificates => Set<Certificate>();
    public DbSet<CertificateReminder> CertificateReminders => Set<CertificateReminder>();
    public DbSet<AuditLogEntry> AuditLog => Set<AuditLogEntry>();
    public DbSet<CatalogVersionRecord> CatalogVersions => Set<CatalogVersionRecord>();
    public DbSet<DataProtectionKeyRecord> DataProtectionKeys => Set<DataProtectionKeyRecord>();
    public DbSet<TransparencyLogRecord> TransparencyLog => Set<TransparencyLogRecord>();
    public DbSet<MisuseReport> MisuseReports => Set<MisuseReport>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);
        if (Database.IsSqlite())
        {
            // The registry's triggers (RegistryIndexSql): declared so EF Core does not rely on RETURNING for this table.
            builder.Entity<Certificate>().ToTable(table =>
            {
                foreach (var trigger in RegistryIndexSql.SqliteTriggerNames)
                {
                    table.HasTrigger(trigger);
                }
            });
        }
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot order or compare DateTimeOffset natively; store UTC ticks so queries by date work on every provider.
        if (Database.IsSqlite())
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverterUtc>();
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefreshConcurrencyStamps();
        var pendingAudit = ChangeTracker.Entries<AuditLogEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).ToList();
        var pendingLog = LogSequencer.Collect(this, DateTimeOffset.UtcNow);
        if (pendingAudit.Count == 0 && pendingLog.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        // The chain needs the previous entry's hash, so reading the tail and appending happen in one write transaction.
        var ownTransaction = Database.CurrentTransaction is null;
        var transaction = Database.CurrentTransaction ?? await Database.BeginTransactionAsync(cancellationToken);
        try
        {
            // Public log entries commit with the event they describe, in the same transaction (on PostgreSQL under a lock
            // held until commit, taken before the audit tail is read even when no log entry is pending, so that writers on
            // several nodes append to the chain one after another instead of failing on the same position).
            await LogSequencer.AssignAsync(this, pendingLog, cancellationToken);
            var tail = await AuditLog.AsNoTracking().OrderByDescending(e => e.Sequence).Select(e => new { e.Sequence, e.Hash }).FirstOrDefaultAsync(cancellationToken);
            AuditChain.Link(pendingAudit, tail?.Sequence ?? 0, tail?.Hash ?? AuditChain.GenesisHash, ChainKey);
            var result = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            if (ownTransaction)
            {
                await transaction.CommitAsync(cancellationToken);
            }

            return result;
        }
        finally
        {
            if (ownTransaction)
            {
                await transaction.DisposeAsync();
            }
        }
    }

    /// <summary>The audit key from the application's services (it is a file, never part of the database).</summary>
    private AuditChainKey ChainKey =>
        this.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<AuditChainKey>()
        ?? throw new InvalidOperationException("The audit key is not registered; audit entries cannot be written.");

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    private void RefreshConcurrencyStamps()
    {
        foreach (var entry in ChangeTracker.Entries<SealApplication>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.ConcurrencyStamp = Guid.NewGuid();
        }

        foreach (var entry in ChangeTracker.Entries<Certificate>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.ConcurrencyStamp = Guid.NewGuid();
        }
    }
}
