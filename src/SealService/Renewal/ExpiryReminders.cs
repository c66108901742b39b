using SealService.Infrastructure.Mail;

namespace SealService.Renewal;

/// <summary>
/// Writes to the members of every holder whose active certificate expires within one of the configured thresholds
/// (60, 30 and 7 days by default), once per certificate and threshold.
/// </summary>
public sealed class ExpiryReminders(AppDbContext db, AuditTrail audit, ApplicantNotifications notifications, SealProgramCatalog programs,
    IOptions<ReminderOptions> options, TimeProvider time, ILogger<ExpiryReminders> logger)
{
    /// <summary>
    /// Sends the reminders that are due now and returns how many certificates were reminded. A certificate found late (the
    /// job did not run for a while) gets one mail for the nearest threshold it has passed; the larger ones are recorded as
    /// covered so they never go out afterwards.
    /// </summary>
    public async Task<int> SendDueRemindersAsync(CancellationToken ct)
    {
        var thresholds = options.Value.Thresholds;
        if (thresholds.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        var horizon = now.AddDays(thresholds[0]);
        var candidates = await db.Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Active && c.ValidUntil > now && c.ValidUntil <= horizon)
            .Join(db.Applications, c => c.ApplicationId, a => a.Id, (c, a) => new { Certificate = c, a.OrganizationId })
            .ToListAsync(ct);
        var candidateIds = candidates.Select(c => c.Certificate.Id).ToList();
        var sent = await db.CertificateReminders.AsNoTracking()
            .Where(r => candidateIds.Contains(r.CertificateId))
            .Select(r => new { r.CertificateId, r.DaysBefore })
            .ToListAsync(ct);

        var reminded = 0;
        foreach (var candidate in candidates.OrderBy(c => c.Certificate.ValidUntil))
        {
            var certificate = candidate.Certificate;
            var due = thresholds
                .Where(days => certificate.ValidUntil <= now.AddDays(days))
                .Where(days => !sent.Any(r => r.CertificateId == certificate.Id && r.DaysBefore == days))
                .ToList();
            if (due.Count == 0)
            {
                continue;
            }

            if (!await RecordAsync(certificate, candidate.OrganizationId, due, now, ct))
            {
                continue;
            }

            reminded++;
        }

        return reminded;
    }

    /// <summary>
    /// Stores the reminder rows and the mails in one SaveChanges: a second instance running at the same time loses at the
    /// unique index, and its mails are discarded with its rows.
    /// </summary>
    private async Task<bool> RecordAsync(Certificate certificate, Guid organizationId, IReadOnlyList<int> due, DateTimeOffset now, CancellationToken ct)
    {
        var recipients = await QueueMailAsync(certificate, organizationId, now, ct);
        var rows = due.Select(days => new CertificateReminder(certificate.Id, days, now)).ToList();
        db.CertificateReminders.AddRange(rows);
        audit.Record(Actor.System, "certificate.expiry-reminder", nameof(Certificate), certificate.Id.ToString(),
            after: new { certificate.Serial, certificate.ValidUntil, daysBefore = due.Min(), thresholdsCovered = due });
        try
        {
            await db.SaveChangesAsync(ct);
            logger.LogInformation("Expiry reminder for {Serial} queued for {Recipients} members.", certificate.Serial, recipients);
            return true;
        }
        catch (DbUpdateException ex)
        {
            logger.LogInformation(ex, "Expiry reminder for {Serial} was recorded by another run; not sending it again.", certificate.Serial);
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<int> QueueMailAsync(Certificate certificate, Guid organizationId, DateTimeOffset now, CancellationToken ct)
    {
        var daysLeft = Math.Max(1, (int)Math.Ceiling((certificate.ValidUntil - now).TotalDays));
        var program = programs.FindProgram(certificate.ProgramId);
        var programName = new PerLanguage(language => program?.Name.In(language) ?? certificate.ProgramId);
        var until = certificate.ValidUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return await notifications.QueueForOrganizationAsync(organizationId, new Notice("certificate.expiry-reminder",
            new NoticeText("Your seal expires soon: {0} ({1})", certificate.ProductName, certificate.Serial),
            [
                NoticeText.Counted(daysLeft, "The certificate {0} for {1} ({2}) is valid until {3}, {4} day from now. Renew it in time: open the certificate and choose \"Renew\".",
                    "The certificate {0} for {1} ({2}) is valid until {3}, {4} days from now. Renew it in time: open the certificate and choose \"Renew\".",
                    certificate.Serial, certificate.ProductName, programName, until, daysLeft),
            ],
            [new NoticeLink(new NoticeText("Your certificate"), ApplicantPages.Certificate(certificate.Serial))]), ct);
    }
}
