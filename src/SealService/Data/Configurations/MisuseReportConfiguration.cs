using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Data.Configurations;

public sealed class MisuseReportConfiguration : IEntityTypeConfiguration<MisuseReport>
{
    public void Configure(EntityTypeBuilder<MisuseReport> builder)
    {
        builder.ToTable("MisuseReports");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.SealReference).HasMaxLength(MisuseReport.MaxSealReference).IsRequired();
        builder.Property(r => r.Verdict).HasMaxLength(20).IsRequired();
        builder.Property(r => r.Serial).HasMaxLength(64);
        builder.Property(r => r.WhereFound).HasMaxLength(MisuseReport.MaxWhereFound).IsRequired();
        builder.Property(r => r.Details).HasMaxLength(MisuseReport.MaxDetails).IsRequired();
        builder.Property(r => r.ReporterName).HasMaxLength(MisuseReport.MaxReporterName);
        builder.Property(r => r.ReporterEmail).HasMaxLength(MisuseReport.MaxReporterEmail);
        builder.Property(r => r.Language).HasMaxLength(8).IsRequired();
        // The admin list: newest first.
        builder.HasIndex(r => r.ReceivedAt);
    }
}
