namespace SealService.Renewal;

/// <summary>Expiry reminders: whether the background job runs, how often, and how many days before expiry it writes.</summary>
public sealed class ReminderOptions
{
    public const string Section = "Reminders";

    public static readonly IReadOnlyList<int> DefaultDaysBefore = [60, 30, 7];

    public bool Enabled { get; set; } = true;

    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Thresholds in days before expiry. Null by default because the configuration binder appends to a pre-filled
    /// collection instead of replacing it; <see cref="Thresholds"/> supplies the default.
    /// </summary>
    public int[]? DaysBefore { get; set; }

    /// <summary>The configured thresholds, largest first, without duplicates or non-positive values.</summary>
    public IReadOnlyList<int> Thresholds =>
        (DaysBefore is { Length: > 0 } configured ? configured : DefaultDaysBefore).Where(d => d > 0).Distinct().OrderDescending().ToList();
}
