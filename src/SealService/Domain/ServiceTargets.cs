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

    /// <summary>
    /// When the application entered the queue state it is in: the recommendation for one waiting for a decision, otherwise
    /// its latest (re)submission. Null for a draft or an application whose dates are missing.
    /// </summary>
    public static DateTimeOffset? WaitingSince(ApplicationStatus status, DateTimeOffset? lastSubmittedAt, DateTimeOffset? recommendedAt) => status switch
    {
        ApplicationStatus.Recommended => recommendedAt,
        ApplicationStatus.Submitted or ApplicationStatus.InAudit or ApplicationStatus.ChangesRequested => lastSubmittedAt,
        _ => null,
    };

    /// <summary>The target of the step an application in <paramref name="status"/> waits for.</summary>
    public static TimeSpan For(ApplicationStatus status) => status == ApplicationStatus.Recommended ? Decision : Audit;

    /// <summary>Whole days from <paramref name="since"/> to <paramref name="now"/> (23 hours are 0 days); never negative.</summary>
    public static int DaysWaiting(DateTimeOffset since, DateTimeOffset now) => Math.Max(0, (int)Math.Floor((now - since).TotalDays));
}
