using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class ApplicationRevisionConfiguration : IEntityTypeConfiguration<ApplicationRevision>
{
    public void Configure(EntityTypeBuilder<ApplicationRevision> builder)
    {
        builder.HasKey(r => r.Id);
        // Ids are assigned by the domain; "never generated" lets EF see a revision added to a tracked application as new.
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.ApplicationId, r.Number }).IsUnique();
        builder.Property(r => r.Digest).HasMaxLength(80).IsRequired();
        builder.Property(r => r.AttestedByName).HasMaxLength(200);
        builder.Property(r => r.AttestedByRole).HasMaxLength(200);
        builder.Property(r => r.CriterionDigests).IsRequired();
    }
}
