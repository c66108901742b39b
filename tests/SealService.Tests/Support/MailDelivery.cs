using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SealService.Data;
using SealService.Infrastructure.Mail;

namespace SealService.Tests.Support;

/// <summary>
/// Mail leaves through the outbox and a background sender. A test that reads the pickup folder (or the SMTP sink) first
/// delivers what is due, as the background sender would, and waits for mail another sender has claimed.
/// </summary>
public static class MailDelivery
{
    public static async Task DeliverMailAsync(this SealServiceFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            var left = await factory.WithScopeAsync(async sp =>
            {
                await sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None);
                var now = factory.Time.GetUtcNow();
                return await sp.GetRequiredService<AppDbContext>().Set<OutboxMessage>()
                    .CountAsync(m => m.SentAt == null && m.NextAttemptAt != null && m.NextAttemptAt <= now);
            });
            if (left == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{left} due mails were still not delivered after 20 s.");
            await Task.Delay(50);
        }
    }

    /// <summary>Every .eml in the pickup folder after delivery, read as a mail client would: <see cref="Readable"/>.</summary>
    public static async Task<string[]> PickupMailsAsync(this SealServiceFactory factory)
    {
        await factory.DeliverMailAsync();
        var folder = Path.Combine(factory.DataDirectory, "mail");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml").Select(Readable).ToArray() : [];
    }

    /// <summary>
    /// The headers (decoded, one per line) and the decoded text and HTML parts of an .eml file, parsed with MimeKit: what a
    /// mail client shows, independent of the transfer encoding (quoted-printable for long lines, RFC 2047 subjects).
    /// </summary>
    public static string Readable(string file)
    {
        var message = MimeMessage.Load(file);
        var headers = string.Join("\r\n", message.Headers.Select(h => $"{h.Field}: {h.Value}"));
        return $"{headers}\r\n\r\n{message.TextBody}\r\n{message.HtmlBody}";
    }

    public static Task<List<OutboxMessage>> OutboxAsync(this SealServiceFactory factory) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<OutboxMessage>().AsNoTracking().ToListAsync());
}
