using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SealService.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as UTC ticks (a sortable integer) and reads it back as UTC.</summary>
public sealed class DateTimeOffsetToBinaryConverterUtc() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
