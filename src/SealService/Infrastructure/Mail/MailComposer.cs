using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Utils;

namespace SealService.Infrastructure.Mail;

/// <summary>
/// Builds every mail with MimeKit, never by pasting strings into headers: From, To, Date, Message-ID, an RFC 2047-encoded
/// subject when it is not plain ASCII, Content-Language, and a text part next to the HTML part.
/// </summary>
public sealed partial class MailComposer(IOptions<MailOptions> options)
{
    public MimeMessage Compose(OutgoingMail mail, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(mail);
        if (!MailboxAddress.TryParse(mail.To, out var to) || to.Address.Length == 0 || !SingleLine.IsValid(mail.To))
        {
            throw new ArgumentException($"'{mail.To}' is not a single mail address.", nameof(mail));
        }

        var from = options.Value.FromAddress;
        var message = new MimeMessage();
        message.From.Add(from);
        // Only the address: a display name typed by someone else never reaches the header.
        message.To.Add(new MailboxAddress("", to.Address));
        message.Subject = OneLine(mail.Subject);
        message.Date = now;
        message.MessageId = MimeUtils.GenerateMessageId(from.Domain is { Length: > 0 } domain ? domain : "localhost");
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = mail.Text, HtmlBody = mail.Html }.ToMessageBody();
        // A MIME content header: it belongs to the body entity (top-level Content-* headers are the body's in MIME).
        message.Body.Headers.Add(HeaderId.ContentLanguage, mail.Language);
        return message;
    }

    /// <summary>Defence in depth: the fields are single-line by validation, but a subject never carries a line break whatever its source.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(SingleLine.IsValid(c.ToString()) ? c : ' ');
        }

        return Spaces().Replace(builder.ToString(), " ").Trim();
    }

    /// <summary>A readable text part for an HTML body (paragraphs and line breaks kept, tags dropped, links spelled out).</summary>
    public static string TextFromHtml(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var text = Link().Replace(html, m => $"{m.Groups["text"].Value} ({m.Groups["url"].Value})");
        text = LinkWithSameText().Replace(text, "$1");
        text = text.Replace("<br>", "\n", StringComparison.OrdinalIgnoreCase).Replace("</p>", "\n\n", StringComparison.OrdinalIgnoreCase);
        text = WebUtility.HtmlDecode(Tag().Replace(text, ""));
        return text.Trim() + "\n";
    }

    [GeneratedRegex("""<a\b[^>]*href="(?<url>[^"]*)"[^>]*>(?<text>.*?)</a>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Link();

    // "https://x (https://x)" after the link rewrite reads better as the address once.
    [GeneratedRegex(@"(\S+) \(\1\)")]
    private static partial Regex LinkWithSameText();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
