using System.Net;
using System.Text.RegularExpressions;

namespace SealService.EndToEnd.Support;

/// <summary>Reads the .eml files the app's pickup-folder mail transport writes to &lt;data directory&gt;/mail (the background outbox sender delivers within a moment).</summary>
public static partial class MailPickup
{
    /// <summary>
    /// The first link (HTML-decoded href) of the newest mail to <paramref name="toEmail"/> in
    /// <paramref name="dataDirectory"/>/mail. Waits up to <paramref name="timeout"/> (default 10 s) for the mail to appear.
    /// </summary>
    public static async Task<string> ReadLatestMailLinkAsync(string dataDirectory, string toEmail, TimeSpan? timeout = null)
    {
        var body = await ReadLatestMailAsync(dataDirectory, toEmail, timeout);
        var match = HrefPattern().Match(body);
        if (!match.Success)
        {
            throw new InvalidOperationException($"The newest mail to {toEmail} has no link:\n{body}");
        }

        return WebUtility.HtmlDecode(match.Groups["url"].Value);
    }

    /// <summary>The whole text (headers and HTML body) of the newest mail to <paramref name="toEmail"/>.</summary>
    public static async Task<string> ReadLatestMailAsync(string dataDirectory, string toEmail, TimeSpan? timeout = null)
    {
        var folder = Path.Combine(dataDirectory, "mail");
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            if (Directory.Exists(folder))
            {
                var newest = Directory.EnumerateFiles(folder, "*.eml")
                    .Select(f => new FileInfo(f))
                    .OrderByDescending(f => f.LastWriteTimeUtc)
                    .ThenByDescending(f => f.Name, StringComparer.Ordinal)
                    .Select(f => Readable(f.FullName))
                    .FirstOrDefault(text => IsAddressedTo(text, toEmail));
                if (newest is not null)
                {
                    return newest;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"No mail to {toEmail} in {folder}.");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Decoded headers, text and HTML part of an .eml (parsed with MimeKit, so transfer encodings do not matter).</summary>
    private static string Readable(string file)
    {
        var message = MimeKit.MimeMessage.Load(file);
        var headers = string.Join("\r\n", message.Headers.Select(h => $"{h.Field}: {h.Value}"));
        return $"{headers}\r\n\r\n{message.TextBody}\r\n{message.HtmlBody}";
    }

    private static bool IsAddressedTo(string mail, string toEmail) =>
        mail.Split('\n')
            .TakeWhile(line => line.Trim().Length > 0)
            .Any(line => line.StartsWith("To:", StringComparison.OrdinalIgnoreCase)
                && line[3..].Split(',').Any(address => string.Equals(address.Trim(), toEmail, StringComparison.OrdinalIgnoreCase)));

    [GeneratedRegex("""href\s*=\s*(?<q>["'])(?<url>.*?)\k<q>""", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HrefPattern();
}
