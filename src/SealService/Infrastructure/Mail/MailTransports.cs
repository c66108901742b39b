using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SealService.Infrastructure.Mail;

/// <summary>Hands one finished message to the outside world. Throws when it could not; the outbox then tries again later.</summary>
public interface IMailTransport
{
    Task SendAsync(MimeMessage message, CancellationToken ct);
}

/// <summary>Delivers over SMTP (MailKit) to <c>Mail:Smtp:Host</c>, one connection per message.</summary>
public sealed class SmtpMailTransport(IOptions<MailOptions> options) : IMailTransport
{
    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        var smtp = options.Value.Smtp;
        using var client = new SmtpClient { Timeout = (int)TimeSpan.FromSeconds(30).TotalMilliseconds };
        var security = smtp.UseStartTls ? SecureSocketOptions.StartTls
            : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.None;
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("Mail:Smtp:Host is not configured."), smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>
/// Development transport: writes each message as a standard .eml file (no byte-order mark, CRLF line ends, as MimeKit writes
/// it) into the data folder's <c>mail</c> directory, where any mail client or parser opens it.
/// </summary>
public sealed class PickupFolderMailTransport(DataPaths paths, ILogger<PickupFolderMailTransport> logger) : IMailTransport
{
    private static readonly FormatOptions EmlFormat = CreateFormat();

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var name = $"{message.Date.UtcDateTime:yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml";
        var file = Path.Combine(paths.MailPickup, name);
        var partial = file + ".partial";
        // Written under another name and renamed, so a reader polling the folder never sees half a mail.
        await using (var stream = File.Create(partial))
        {
            await message.WriteToAsync(EmlFormat, stream, ct);
        }

        File.Move(partial, file);
        logger.LogInformation("Mail to {Recipient} with subject {Subject} written to {File}", string.Join(", ", message.To.Mailboxes.Select(m => m.Address)), message.Subject, file);
    }
}
