using System.Net;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;
using SealService.Data;
using SealService.Infrastructure;

namespace SealService.Workflow;

/// <summary>E-mails every confirmed member of an applicant organization. Any feature may call it when an application or certificate moves.</summary>
public sealed class ApplicantNotifications(AppDbContext db, IEmailSender sender, PublicUrls urls, ILogger<ApplicantNotifications> logger)
{
    /// <summary>
    /// Sends <paramref name="paragraphs"/> (plain text) and, with <paramref name="linkPath"/>, a link to that app page on the
    /// public address to all members. Call it after the change is saved: a mail that cannot be delivered is logged and
    /// never undoes the change it reports.
    /// </summary>
    public async Task<int> NotifyOrganizationAsync(Guid organizationId, string subject, IEnumerable<string> paragraphs, string? linkPath = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && u.EmailConfirmed && u.Email != null)
            .Select(u => u.Email!)
            .ToListAsync(ct);
        var html = string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p.Trim()).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"));
        if (linkPath is not null)
        {
            var link = WebUtility.HtmlEncode(urls.Absolute(linkPath));
            html += $"<p><a href=\"{link}\">{link}</a></p>";
        }

        var sent = 0;
        foreach (var email in recipients)
        {
            try
            {
                await sender.SendEmailAsync(email, subject, html);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Notification {Subject} to {Recipient} could not be sent", subject, email);
            }
        }

        return sent;
    }
}
