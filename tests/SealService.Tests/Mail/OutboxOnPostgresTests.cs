using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Infrastructure.Mail;
using SealService.Tests.Integration.Postgres;
using SealService.Tests.Support;

namespace SealService.Tests.Mail;

/// <summary>The outbox on PostgreSQL (the several-nodes setup): senders racing for the same rows send each mail exactly once.</summary>
public sealed class OutboxOnPostgresTests(PostgresFactory factory) : IClassFixture<PostgresFactory>
{
    [Fact]
    public async Task Four_senders_at_once_send_every_mail_exactly_once()
    {
        var recipients = Enumerable.Range(0, 24).Select(i => $"race-{i}-{Guid.NewGuid():N}@example.com").ToList();
        await factory.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<MailOutbox>();
            foreach (var to in recipients)
            {
                outbox.Enqueue(new OutgoingMail(to, "Race", "text", "<p>html</p>", "en", "test"));
            }

            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        // Four "nodes" (own scopes, own connections) deliver at the same time, besides the app's own background sender.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            factory.WithScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None)))));
        await factory.DeliverMailAsync();

        var mails = await factory.PickupMailsAsync();
        foreach (var to in recipients)
        {
            Assert.Single(mails, m => m.Contains($"To: {to}\r\n", StringComparison.Ordinal));
        }

        Assert.All((await factory.OutboxAsync()).Where(m => recipients.Contains(m.Recipient)), m =>
        {
            Assert.Equal(OutboxState.Sent, m.State);
            Assert.Equal(1, m.Attempts);
            Assert.Null(m.LockedBy);
        });
    }
}
