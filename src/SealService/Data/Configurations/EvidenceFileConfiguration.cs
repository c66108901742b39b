using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class EvidenceFileConfiguration : IEntityTypeConfiguration<EvidenceFile>
{
    public void Configure(EntityTypeBuilder<EvidenceFile> builder)
    {
        builder.HasKey(e => e.Id);
        // Ids are assigned by the domain; "never generated" lets EF see a file added to a tracked application as new.
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.CriterionId).HasMaxLength(32).IsRequired();
        builder.Property(e => e.OriginalName).HasMaxLength(255).IsRequired();
        builder.Property(e => e.StoredName).HasMaxLength(100).IsRequired();
        builder.Property(e => e.ContentType).HasMaxLength(100).IsRequired();
        builder.Property(e => e.Sha256).HasMaxLength(64).IsRequired();
        builder.HasIndex(e => e.StoredName).IsUnique();
        builder.Ignore(e => e.IsCurrent);
    }
}
