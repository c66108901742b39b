namespace SealService.Infrastructure.Mail;

/// <summary>
/// The background sender: drains the outbox whenever a unit of work queued mail (<see cref="OutboxSignal"/>) and at least every
/// <see cref="OutboxOptions.PollInterval"/>, so retries that came due and mail queued by another node also go out.
/// </summary>
public sealed class OutboxSender(IServiceScopeFactory scopes, OutboxSignal signal, IOptions<MailOptions> options, ILogger<OutboxSender> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var poll = options.Value.Outbox.PollInterval > TimeSpan.Zero ? options.Value.Outbox.PollInterval : TimeSpan.FromSeconds(15);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DeliverBatchAsync(stoppingToken) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A busy database must not stop delivery for good; the mail stays in the outbox.
                logger.LogError(ex, "Working through the mail outbox failed; trying again in {Interval}.", poll);
            }

            try
            {
                await signal.WaitAsync(poll, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<int> DeliverBatchAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var dispatcher = scope.ServiceProvider.GetRequiredService<OutboxDispatcher>();
        var handled = await dispatcher.DeliverDueAsync(ct);
        if (handled == 0)
        {
            await dispatcher.PurgeSentAsync(ct);
        }

        return handled;
    }
}
