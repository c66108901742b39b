namespace SealService.Renewal;

/// <summary>
/// Runs <see cref="ExpiryReminders.SendDueRemindersAsync"/> at start and then every <see cref="ReminderOptions.Interval"/>, as a
/// <see cref="ClusterJobs"/> job: with several nodes only one of them looks for due reminders per interval.
/// </summary>
public sealed class ExpiryReminderService(ClusterJobs jobs, IOptions<ReminderOptions> options, TimeProvider time, ILogger<ExpiryReminderService> logger)
    : BackgroundService
{
    public const string Job = "expiry-reminders";

    private TimeSpan Interval => options.Value.Interval > TimeSpan.Zero ? options.Value.Interval : TimeSpan.FromHours(6);

    /// <summary>One tick of the timer: sends the due reminders unless another node is at it or did it less than an interval ago.</summary>
    public Task<JobRun> RunOnceAsync(CancellationToken ct) =>
        jobs.RunIfDueAsync(Job, Interval, (services, token) => services.GetRequiredService<ExpiryReminders>().SendDueRemindersAsync(token), ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed run (database busy, mail folder full) must not stop the reminders for good.
                logger.LogError(ex, "Sending expiry reminders failed; trying again in {Interval}.", Interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
