using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> builder)
    {
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.LegalName).HasMaxLength(200).IsRequired();
        builder.Property(o => o.LegalForm).HasMaxLength(100);
        builder.Property(o => o.RegistrationNumber).HasMaxLength(100);
        builder.Property(o => o.Country).HasMaxLength(2).IsRequired();
        builder.Property(o => o.Street).HasMaxLength(200);
        builder.Property(o => o.PostalCode).HasMaxLength(20);
        builder.Property(o => o.City).HasMaxLength(100);
        builder.Property(o => o.Website).HasMaxLength(300);
        builder.Property(o => o.ContactName).HasMaxLength(200);
        builder.Property(o => o.ContactEmail).HasMaxLength(256);
        builder.Ignore(o => o.Profile);
    }
}
