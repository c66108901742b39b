using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class AuditLogEntryConfiguration : IEntityTypeConfiguration<AuditLogEntry>
{
    public void Configure(EntityTypeBuilder<AuditLogEntry> builder)
    {
        builder.ToTable("AuditLog");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Sequence).ValueGeneratedNever();
        // Two writers racing for the same position: one insert fails instead of forking the chain.
        builder.HasIndex(e => e.Sequence).IsUnique();
        builder.Property(e => e.ActorId).HasMaxLength(64).IsRequired();
        builder.Property(e => e.ActorName).HasMaxLength(256).IsRequired();
        builder.Property(e => e.Action).HasMaxLength(64).IsRequired();
        builder.Property(e => e.EntityType).HasMaxLength(64).IsRequired();
        builder.Property(e => e.EntityId).HasMaxLength(64).IsRequired();
        builder.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
        builder.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        builder.HasIndex(e => new { e.EntityType, e.EntityId });
    }
}

public sealed class CatalogVersionRecordConfiguration : IEntityTypeConfiguration<CatalogVersionRecord>
{
    public void Configure(EntityTypeBuilder<CatalogVersionRecord> builder)
    {
        builder.ToTable("CatalogVersions");
        builder.HasKey(c => c.Key);
        builder.Property(c => c.Key).HasMaxLength(64);
        builder.Property(c => c.ProgramId).HasMaxLength(16).IsRequired();
        builder.Property(c => c.Version).HasMaxLength(32).IsRequired();
        builder.Property(c => c.Status).HasMaxLength(16).IsRequired();
        builder.Property(c => c.Digest).HasMaxLength(80).IsRequired();
    }
}

public sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(200);
        builder.Property(u => u.PreferredLanguage).HasMaxLength(5);
        builder.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(u => u.OrganizationId);
    }
}

public sealed class DataProtectionKeyRecordConfiguration : IEntityTypeConfiguration<DataProtectionKeyRecord>
{
    public void Configure(EntityTypeBuilder<DataProtectionKeyRecord> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(200);
        builder.Property(k => k.Xml).IsRequired();
    }
}
