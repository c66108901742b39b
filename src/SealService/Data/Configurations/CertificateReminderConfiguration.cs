using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class CertificateReminderConfiguration : IEntityTypeConfiguration<CertificateReminder>
{
    public void Configure(EntityTypeBuilder<CertificateReminder> builder)
    {
        builder.ToTable("CertificateReminders");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.CertificateId, r.DaysBefore }).IsUnique();
        builder.HasOne<Certificate>().WithMany().HasForeignKey(r => r.CertificateId).OnDelete(DeleteBehavior.Cascade);
    }
}
