namespace SealService.Verify;

/// <summary>Dates on public pages: ISO form (2026-11-22), which reads the same in every language.</summary>
public static class PublicDates
{
    public static string Day(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Minute(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";
}
