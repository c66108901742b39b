using SealService.Infrastructure.Mail;
using SealVerifier;

namespace SealService.Verify;

/// <summary>What a person typed into the report form; the seal reference comes along from the verifier page.</summary>
public sealed record MisuseReportInput(string? SealReference, string WhereFound, string Details, string? ReporterName, string? ReporterEmail);

/// <summary>
/// Misuse reports from the public verifier: each is checked again against the verifier (the page's verdict is not taken
/// from the form), stored, and mailed to the certification body (Seal:Contact:Email) through the outbox in the same
/// transaction, so a report is never stored without its mail or mailed without being stored.
/// </summary>
public sealed class MisuseReports(AppDbContext db, PublicVerifier verifier, MailOutbox outbox, ApplicantNotifications notices,
    IOptions<SealContactOptions> contact, UiText text, TimeProvider time, ILogger<MisuseReports> logger)
{
    public const string MailKind = "seal.misuse-reported";

    public async Task<MisuseReport> ReceiveAsync(MisuseReportInput input, string language, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (verdict, serial) = await CheckAsync(input.SealReference, ct);
        var report = MisuseReport.Receive(input.SealReference, verdict, serial, input.WhereFound, input.Details, input.ReporterName, input.ReporterEmail,
            language, time.GetUtcNow());
        db.MisuseReports.Add(report);
        if (contact.Value.Email is { Length: > 0 } to)
        {
            outbox.Enqueue(notices.Render(Notice(report), to.Trim(), contact.Value.Language));
        }
        else
        {
            logger.LogWarning("Misuse report {Report} stored without a mail: Seal:Contact:Email is not configured.", report.Id);
        }

        await db.SaveChangesAsync(ct);
        logger.LogInformation("Misuse report {Report} received (verdict {Verdict}, serial {Serial}).", report.Id, report.Verdict, report.Serial);
        return report;
    }

    /// <summary>The newest reports first, at most <paramref name="count"/>, and how many there are in all.</summary>
    public async Task<(IReadOnlyList<MisuseReport> Newest, int Total)> NewestAsync(int count, CancellationToken ct)
    {
        var newest = await db.MisuseReports.AsNoTracking().OrderByDescending(r => r.ReceivedAt).Take(count).ToListAsync(ct);
        return (newest, await db.MisuseReports.CountAsync(ct));
    }

    /// <summary>The English label (translation key) of a stored verdict.</summary>
    public static string VerdictLabel(string verdict) => verdict switch
    {
        "valid" => "Valid",
        "expired" => "Expired",
        "not-yet-valid" => "Not yet valid",
        "suspended" => "Suspended",
        "revoked" => "Revoked",
        "none" => "No seal was named",
        _ => "Not genuine",
    };

    private async Task<(string Verdict, string? Serial)> CheckAsync(string? reference, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return ("none", null);
        }

        PublicVerification? result = Serial.TryParse(reference, out _)
            ? (await verifier.LookUpAsync(reference, ct)).Verification
            : await verifier.VerifyQrAsync(reference, ct);
        return result is null ? ("not-genuine", null) : (result.VerdictKey, result.Genuine ? result.Serial : null);
    }

    private Notice Notice(MisuseReport report)
    {
        List<NoticeText> paragraphs =
        [
            new("Someone reported a possible misuse of a seal through the public verifier on {0} UTC.", report.ReceivedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)),
            new("Result of the check: {0}", new PerLanguage(language => text.Translate(VerdictLabel(report.Verdict), language))),
        ];
        if (report.Serial is { } serial)
        {
            paragraphs.Add(new("Serial number: {0}", serial));
        }
        else if (report.SealReference.Length > 0)
        {
            paragraphs.Add(new("What was checked: {0}", report.SealReference));
        }

        paragraphs.Add(new("Where it was found: {0}", report.WhereFound));
        paragraphs.Add(new("Description: {0}", report.Details));
        paragraphs.Add(report.ReporterName is null && report.ReporterEmail is null
            ? new NoticeText("The person left no name and no address.")
            : new NoticeText("Reported by: {0}", string.Join(", ", new[] { report.ReporterName, report.ReporterEmail }.Where(p => p is not null))));
        return new Notice(MailKind,
            new NoticeText("Seal misuse reported: {0}", report.WhereFound),
            paragraphs,
            [new NoticeLink(new NoticeText("Every report"), "/Admin/MisuseReports")]);
    }
}
