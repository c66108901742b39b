using Microsoft.Extensions.Options;

namespace SealService.Renewal;

/// <summary>Runs <see cref="ExpiryReminders.SendDueRemindersAsync"/> at start and then every <see cref="ReminderOptions.Interval"/>.</summary>
public sealed class ExpiryReminderService(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, TimeProvider time, ILogger<ExpiryReminderService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var interval = options.Value.Interval > TimeSpan.Zero ? options.Value.Interval : TimeSpan.FromHours(6);
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<ExpiryReminders>().SendDueRemindersAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One failed run (database busy, mail folder full) must not stop the reminders for good.
                logger.LogError(ex, "Sending expiry reminders failed; trying again in {Interval}.", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
