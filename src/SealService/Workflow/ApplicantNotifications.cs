using System.Net;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;
using SealService.Data;

namespace SealService.Workflow;

/// <summary>E-mails every confirmed member of an applicant organization. Any feature may call it when an application moves.</summary>
public sealed class ApplicantNotifications(AppDbContext db, IEmailSender sender, ILogger<ApplicantNotifications> logger)
{
    /// <summary>
    /// Sends <paramref name="body"/> (plain text; paragraphs separated by blank lines) to all members. Call it after the change
    /// is saved: a mail that cannot be delivered is logged and never undoes the change it reports.
    /// </summary>
    public async Task<int> NotifyOrganizationAsync(Guid organizationId, string subject, string body, CancellationToken ct = default)
    {
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && u.EmailConfirmed && u.Email != null)
            .Select(u => u.Email!)
            .ToListAsync(ct);
        var html = string.Join("", (body ?? "").Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p.Trim()).Replace("\n", "<br>", StringComparison.Ordinal)}</p>"));
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
