namespace SealService.Domain;

/// <summary>
/// A member of the public tells the certification body that a seal is misused: a forged seal (the verifier said "not
/// genuine"), or a genuine one shown where it does not belong (revoked, expired, on another product). Stored as it was
/// received; the certification body follows it up outside the service and may answer the reporter when an address is given.
/// </summary>
public sealed class MisuseReport
{
    public const int MaxSealReference = 1000;
    public const int MaxWhereFound = 300;
    public const int MaxDetails = 4000;
    public const int MaxReporterName = 200;
    public const int MaxReporterEmail = 254;

    private MisuseReport()
    {
    }

    public Guid Id { get; private set; }

    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>What the reporter had checked, as the verifier page passed it on (the QR code's token or a serial number); may be empty.</summary>
    public string SealReference { get; private set; } = "";

    /// <summary>The verifier's verdict on <see cref="SealReference"/> when the report arrived (valid, revoked, not-genuine, ...); "none" without a reference.</summary>
    public string Verdict { get; private set; } = "";

    /// <summary>The serial number, when the reference named a certificate of this service.</summary>
    public string? Serial { get; private set; }

    public string WhereFound { get; private set; } = "";

    public string Details { get; private set; } = "";

    public string? ReporterName { get; private set; }

    public string? ReporterEmail { get; private set; }

    /// <summary>The reporter's language, so an answer can be written in it.</summary>
    public string Language { get; private set; } = "";

    public static MisuseReport Receive(string? sealReference, string verdict, string? serial, string whereFound, string details,
        string? reporterName, string? reporterEmail, string language, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(language);
        whereFound = whereFound?.Trim() ?? "";
        details = details?.Trim() ?? "";
        sealReference = sealReference?.Trim() ?? "";
        reporterName = string.IsNullOrWhiteSpace(reporterName) ? null : reporterName.Trim();
        reporterEmail = string.IsNullOrWhiteSpace(reporterEmail) ? null : reporterEmail.Trim();
        if (whereFound.Length is 0 or > MaxWhereFound || !SingleLine.IsValid(whereFound))
        {
            throw new DomainRuleViolation("Say where you found the seal, on one line of at most {0} characters.", MaxWhereFound);
        }

        if (details.Length is 0 or > MaxDetails)
        {
            throw new DomainRuleViolation("Describe what you found in at most {0} characters.", MaxDetails);
        }

        if (sealReference.Length > MaxSealReference || !SingleLine.IsValid(sealReference)
            || reporterName is { Length: > MaxReporterName } || !SingleLine.IsValid(reporterName)
            || reporterEmail is { Length: > MaxReporterEmail } || !SingleLine.IsValid(reporterEmail))
        {
            throw new DomainRuleViolation(SingleLine.Message);
        }

        return new MisuseReport
        {
            Id = Guid.NewGuid(),
            ReceivedAt = now,
            SealReference = sealReference,
            Verdict = verdict,
            Serial = serial,
            WhereFound = whereFound,
            Details = details,
            ReporterName = reporterName,
            ReporterEmail = reporterEmail,
            Language = language,
        };
    }
}
