namespace SealService.Data.Demo;

/// <summary>
/// A clock that runs a fixed offset behind (or ahead of) another one. Demo data uses it to run the real issuance pipeline
/// "13 months ago", so an expired demo certificate carries a genuine signature whose signing time matches its dates.
/// </summary>
public sealed class ShiftedTimeProvider(TimeProvider inner, TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;
}
