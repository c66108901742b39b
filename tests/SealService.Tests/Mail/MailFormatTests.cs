using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SealService.Domain;
using SealService.Infrastructure.Mail;
using SealService.Tests.Support;

namespace SealService.Tests.Mail;

/// <summary>Mails are built with MimeKit: no header injection whatever the text, standard .eml files without a byte-order mark.</summary>
public sealed class MailFormatTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public void A_subject_with_CRLF_never_becomes_a_second_header()
    {
        var composer = factory.Services.GetRequiredService<MailComposer>();
        var message = composer.Compose(new OutgoingMail("holder@example.com", "Decision on your application: Widget\r\nBcc: evil@attacker.test",
            "text", "<p>html</p>", "en", "test"), DateTimeOffset.UtcNow);

        var parsed = Reparse(message);
        Assert.Empty(parsed.Bcc);
        Assert.Null(parsed.Headers[HeaderId.Bcc]);
        Assert.Equal("Decision on your application: Widget Bcc: evil@attacker.test", parsed.Subject);
        Assert.Equal(["holder@example.com"], parsed.To.Mailboxes.Select(m => m.Address));
    }

    [Fact]
    public void A_recipient_with_CRLF_is_refused()
    {
        var composer = factory.Services.GetRequiredService<MailComposer>();
        Assert.Throws<ArgumentException>(() => composer.Compose(new OutgoingMail("holder@example.com\r\nBcc: evil@attacker.test", "s", "t", "<p>h</p>", "en", "test"), DateTimeOffset.UtcNow));
    }

    [Fact]
    public void Non_ASCII_subjects_are_RFC_2047_encoded_and_the_mail_has_text_and_HTML()
    {
        var composer = factory.Services.GetRequiredService<MailComposer>();
        var message = composer.Compose(new OutgoingMail("holder@example.com", "Ihr Siegel läuft bald ab", "Text ä", "<p>HTML ä</p>", "de", "test"), DateTimeOffset.UtcNow);
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        var raw = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        var subjectLine = raw.Split('\n').Select(l => l.TrimEnd('\r')).Single(l => l.StartsWith("Subject:", StringComparison.Ordinal));
        Assert.Contains("=?utf-8?", subjectLine, StringComparison.OrdinalIgnoreCase);
        Assert.All(subjectLine, c => Assert.True(c < 128));
        var parsed = Reparse(message);
        Assert.Equal("Ihr Siegel läuft bald ab", parsed.Subject);
        Assert.Equal("Text ä", parsed.TextBody);
        Assert.Equal("<p>HTML ä</p>", parsed.HtmlBody);
        Assert.NotNull(parsed.MessageId);
        Assert.NotEqual(default, parsed.Date);
    }

    [Fact]
    public async Task Pickup_files_have_no_byte_order_mark_and_parse_with_their_headers()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        await factory.DeliverMailAsync();

        var file = Directory.GetFiles(Path.Combine(factory.DataDirectory, "mail"), "*.eml")
            .Single(f => File.ReadAllText(f).Contains(user.Email!, StringComparison.Ordinal));
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "The .eml starts with a UTF-8 byte-order mark.");
        Assert.InRange(bytes[0], (byte)'A', (byte)'Z');
        var message = await MimeMessage.LoadAsync(file);
        Assert.Equal([user.Email], message.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("no-reply@localhost", message.From.Mailboxes.Single().Address);
        Assert.Equal("SealService", message.From.Mailboxes.Single().Name);
        Assert.Equal("Reset your password", message.Subject);
        Assert.False(string.IsNullOrEmpty(message.MessageId));
        Assert.Contains("https://seals.example.org/Identity/Account/ResetPassword?code=", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("https://seals.example.org/Identity/Account/ResetPassword?code=", message.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_delivered_mail_keeps_no_body_so_no_reset_link_stays_in_the_database()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        await factory.DeliverMailAsync();
        var sent = Assert.Single(await factory.OutboxAsync(), m => m.Recipient == user.Email);
        Assert.Equal(OutboxState.Sent, sent.State);
        Assert.Empty(sent.Mime);
    }

    private static MimeMessage Reparse(MimeMessage message)
    {
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        return MimeMessage.Load(stream);
    }
}
