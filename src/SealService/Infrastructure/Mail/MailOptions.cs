using MimeKit;

namespace SealService.Infrastructure.Mail;

/// <summary>
/// Mail delivery. With <c>Mail:Smtp:Host</c> set, mail goes over SMTP in every environment; without it Development writes
/// .eml files into the data folder's mail pickup directory and Production refuses to start.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>The sender as address and display name, e.g. <c>Example Certification Body &lt;seals@example.org&gt;</c>.</summary>
    public string? From { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public OutboxOptions Outbox { get; set; } = new();

    /// <summary>The sender used when none is configured (Development only: Production requires <see cref="From"/>).</summary>
    public const string DevelopmentFrom = "SealService <no-reply@localhost>";

    public MailboxAddress FromAddress => MailboxAddress.Parse(string.IsNullOrWhiteSpace(From) ? DevelopmentFrom : From);

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(Smtp.Host);
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    /// <summary>587 (submission with STARTTLS) unless set; 465 means TLS from the first byte.</summary>
    public int Port { get; set; } = 587;

    /// <summary>Upgrade the connection with STARTTLS and refuse to send if the server cannot (default). Off: plain SMTP, or TLS on connect on port 465.</summary>
    public bool UseStartTls { get; set; } = true;

    public string? Username { get; set; }

    public string? Password { get; set; }
}

/// <summary>How the background sender works through the outbox (<c>Mail:Outbox:*</c>); the defaults suit a production relay.</summary>
public sealed class OutboxOptions
{
    /// <summary>How often the sender looks for due mail when nothing new was queued.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Wait after the first failed attempt; doubled after each further failure up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts the mail is marked failed and waits for an admin to resend it (Admin › Outbox).</summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>How long the record of a delivered mail (recipient, subject, time; not its body) stays for the admin page.</summary>
    public TimeSpan KeepSent { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long a claimed mail stays reserved for the node that claimed it; a node that dies lets it go after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}
