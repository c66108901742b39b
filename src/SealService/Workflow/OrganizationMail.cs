using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Identity.UI.Services;
using Microsoft.EntityFrameworkCore;
using SealService.Data;

namespace SealService.Workflow;

/// <summary>Mails every member of an applicant organization; used after a change is committed, never before.</summary>
public sealed class OrganizationMail(AppDbContext db, IEmailSender sender)
{
    public async Task SendAsync(Guid organizationId, string subject, IEnumerable<string> paragraphs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        var recipients = await db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == organizationId && u.Email != null && u.EmailConfirmed)
            .Select(u => u.Email!)
            .ToListAsync(ct);
        var body = string.Concat(paragraphs.Select(p => "<p>" + HtmlEncoder.Default.Encode(p) + "</p>"));
        foreach (var recipient in recipients)
        {
            await sender.SendEmailAsync(recipient, subject, body);
        }
    }
}
