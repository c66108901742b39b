namespace SealService.Domain;

/// <summary>
/// How long the certification body aims to take per step, counted from when the application started waiting for it. The
/// queues show the resulting due date so staff work oldest-first and see what is overdue.
/// </summary>
public static class ServiceTargets
{
    /// <summary>From (re)submission to the auditor's recommendation.</summary>
    public static readonly TimeSpan Audit = TimeSpan.FromDays(30);

    /// <summary>From the recommendation to the certifier's decision.</summary>
    public static readonly TimeSpan Decision = TimeSpan.FromDays(10);
}
