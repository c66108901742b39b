using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class DeclarationConfiguration : IEntityTypeConfiguration<Declaration>
{
    public void Configure(EntityTypeBuilder<Declaration> builder)
    {
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.CriterionId).HasMaxLength(32).IsRequired();
        builder.Property(d => d.Answer).HasConversion<string>().HasMaxLength(20);
        builder.Property(d => d.Explanation).HasMaxLength(Limits.DeclarationText);
        builder.HasIndex(d => new { d.ApplicationId, d.CriterionId }).IsUnique();
        builder.Ignore(d => d.IsAnswered);
    }
}
