using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class CertificateConfiguration : IEntityTypeConfiguration<Certificate>
{
    public void Configure(EntityTypeBuilder<Certificate> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Serial).HasMaxLength(32).IsRequired();
        builder.HasIndex(c => c.Serial).IsUnique();
        // Exactly one certificate per approval: a retried or double-clicked issuance hits this index and changes nothing.
        builder.HasIndex(c => c.ApplicationId).IsUnique();
        builder.HasIndex(c => c.StatusIndex).IsUnique();
        builder.HasOne<SealApplication>().WithMany().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(c => c.ProgramId).HasMaxLength(16).IsRequired();
        builder.Property(c => c.HolderName).HasMaxLength(200).IsRequired();
        builder.Property(c => c.HolderCountry).HasMaxLength(2).IsRequired();
        builder.Property(c => c.ProductName).HasMaxLength(Limits.ShortText).IsRequired();
        builder.Property(c => c.Language).HasMaxLength(5);
        builder.Property(c => c.QrToken).HasMaxLength(1000).IsRequired();
        builder.Property(c => c.KeyId).HasMaxLength(32).IsRequired();
        builder.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(c => c.StatusReason).HasConversion<string>().HasMaxLength(30);
        builder.Property(c => c.StatusReasonText).HasMaxLength(Limits.Comment);
        builder.Property(c => c.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasIndex(c => new { c.Status, c.ProgramId, c.HolderCountry });
        // The expiry reminders ask for active certificates expiring within a window: a range on this index, not a table scan.
        builder.HasIndex(c => new { c.Status, c.ValidUntil });

        // The public registry's indexes are provider-specific: on SQLite the RegistryEntries read model and the FTS5 table
        // RegistryFts, kept current by triggers ON Certificates (created with SQL in the RegistryIndex migration); on
        // PostgreSQL ordered B-tree indexes (PostgresAppDbContext) and a GIN full-text index. A future SQLite migration
        // that rebuilds this table drops its triggers: recreate them (RegistryIndexSql.SqliteTriggers) in that migration.
    }
}
