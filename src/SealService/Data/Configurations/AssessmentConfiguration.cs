using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.CriterionId).HasMaxLength(32).IsRequired();
        builder.Property(a => a.Result).HasConversion<string>().HasMaxLength(30);
        builder.Property(a => a.Comment).HasMaxLength(Limits.Comment);
        builder.HasIndex(a => new { a.ApplicationId, a.CriterionId }).IsUnique();
        builder.Ignore(a => a.IsCarriedOver);
    }
}

public sealed class ChangeRequestConfiguration : IEntityTypeConfiguration<ChangeRequest>
{
    public void Configure(EntityTypeBuilder<ChangeRequest> builder)
    {
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.CriterionId).HasMaxLength(32).IsRequired();
        builder.Property(c => c.Question).HasMaxLength(Limits.Comment).IsRequired();
        builder.Property(c => c.Answer).HasMaxLength(Limits.Comment);
        builder.Ignore(c => c.IsOpen);
    }
}
