using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Identity.UI.Services;

namespace SealService.Infrastructure;

/// <summary>
/// Writes every outgoing mail as an .eml file into the data folder's mail pickup directory and logs where it went.
/// This is the development transport; a real deployment plugs in an SMTP sender behind the same interface.
/// </summary>
public sealed class PickupFolderEmailSender(DataPaths paths, TimeProvider time, ILogger<PickupFolderEmailSender> logger) : IEmailSender
{
    public async Task SendEmailAsync(string email, string subject, string htmlMessage)
    {
        var now = time.GetUtcNow();
        var file = Path.Combine(paths.MailPickup, $"{now:yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml");
        var content = new StringBuilder()
            .Append("To: ").AppendLine(email)
            .Append("Subject: ").AppendLine(subject)
            .Append("Date: ").AppendLine(now.ToString("R", CultureInfo.InvariantCulture))
            .AppendLine("Content-Type: text/html; charset=utf-8")
            .AppendLine()
            .AppendLine(htmlMessage)
            .ToString();
        await File.WriteAllTextAsync(file, content, Encoding.UTF8);
        logger.LogInformation("Mail to {Recipient} with subject {Subject} written to {File}", email, subject, file);
    }
}
