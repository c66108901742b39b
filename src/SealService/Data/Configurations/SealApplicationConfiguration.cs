using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class SealApplicationConfiguration : IEntityTypeConfiguration<SealApplication>
{
    public void Configure(EntityTypeBuilder<SealApplication> builder)
    {
        builder.ToTable("Applications");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.ProgramId).HasMaxLength(16).IsRequired();
        builder.Property(a => a.CatalogVersion).HasMaxLength(32).IsRequired();
        builder.Property(a => a.CatalogDigest).HasMaxLength(80).IsRequired();
        builder.Property(a => a.ProductName).HasMaxLength(Limits.ShortText).IsRequired();
        builder.Property(a => a.ProductVersion).HasMaxLength(50);
        builder.Property(a => a.ProductDescription).HasMaxLength(Limits.Comment);
        builder.Property(a => a.ProductWebsite).HasMaxLength(300);
        builder.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.ConcurrencyStamp).IsConcurrencyToken();
        builder.HasOne(a => a.Organization).WithMany().HasForeignKey(a => a.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.Status, a.ProgramId });
        builder.HasIndex(a => a.OrganizationId);
        builder.Ignore(a => a.EditableCriteria);
        builder.Ignore(a => a.CurrentRevision);
        builder.Ignore(a => a.AllCriteriaAssessed);

        builder.HasMany(a => a.Declarations).WithOne().HasForeignKey(d => d.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Declarations).HasField("_declarations").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(a => a.Evidence).WithOne().HasForeignKey(e => e.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Evidence).HasField("_evidence").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(a => a.Revisions).WithOne().HasForeignKey(r => r.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Revisions).HasField("_revisions").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(a => a.Assessments).WithOne().HasForeignKey(s => s.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.Assessments).HasField("_assessments").UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(a => a.ChangeRequests).WithOne().HasForeignKey(c => c.ApplicationId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(a => a.ChangeRequests).HasField("_changeRequests").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
