using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Infrastructure.Mail;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("MailOutbox");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Recipient).HasMaxLength(320).IsRequired();
        builder.Property(m => m.Subject).HasMaxLength(1000).IsRequired();
        builder.Property(m => m.Kind).HasMaxLength(100).IsRequired();
        builder.Property(m => m.MessageId).HasMaxLength(250).IsRequired();
        builder.Property(m => m.Mime).IsRequired();
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.Property(m => m.LockedBy).HasMaxLength(200);
        builder.Ignore(m => m.State);
        // The sender's query: unsent rows that are due.
        builder.HasIndex(m => new { m.SentAt, m.NextAttemptAt });
    }
}
