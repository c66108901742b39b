using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.TransparencyLog;

/// <summary>
/// One entry of the public transparency log: its position and its exact bytes (RFC 8785 canonical JSON, see
/// <see cref="LogEntries"/>). Rows are only ever inserted; the position is assigned by <see cref="LogSequencer"/> in the
/// transaction that commits the event the entry describes.
/// </summary>
public sealed class TransparencyLogRecord
{
    /// <summary>Position not yet assigned (the record is waiting for its SaveChanges).</summary>
    public const long Unassigned = -1;

    public TransparencyLogRecord(string type, string? serial, byte[] entry, DateTimeOffset recordedAt)
    {
        Id = Guid.NewGuid();
        Type = type;
        Serial = serial;
        Entry = entry;
        RecordedAt = recordedAt;
    }

    private TransparencyLogRecord()
    {
    }

    /// <summary>Row identity (the position is not known until commit, and EF Core cannot change a key).</summary>
    public Guid Id { get; private set; }

    /// <summary>The leaf index in the log: 0, 1, 2, ... without gaps.</summary>
    public long Index { get; set; } = Unassigned;

    /// <summary>The entry type, e.g. <c>certificate.revoked</c> (also inside the entry; here for queries).</summary>
    public string Type { get; private set; } = "";

    /// <summary>The certificate serial for certificate events (for the proof API).</summary>
    public string? Serial { get; private set; }

    /// <summary>The exact entry bytes that are hashed into the tree.</summary>
    public byte[] Entry { get; private set; } = [];

    public DateTimeOffset RecordedAt { get; private set; }

    /// <summary>Derived from the change tracker in this SaveChanges (rebuilt if the save is retried), not added by code.</summary>
    internal bool Derived { get; init; }
}

internal sealed class TransparencyLogRecordConfiguration : IEntityTypeConfiguration<TransparencyLogRecord>
{
    public void Configure(EntityTypeBuilder<TransparencyLogRecord> builder)
    {
        builder.ToTable("TransparencyLog");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        // Unique: two writers that both claimed the same position cannot both commit.
        builder.HasIndex(r => r.Index).IsUnique();
        builder.HasIndex(r => r.Serial);
        builder.Property(r => r.Type).HasMaxLength(40).IsRequired();
        builder.Property(r => r.Serial).HasMaxLength(64);
        builder.Property(r => r.Entry).IsRequired();
        builder.Ignore(r => r.Derived);
    }
}
