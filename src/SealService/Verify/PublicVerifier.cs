using SealService.Infrastructure.Telemetry;
using SealService.Keys;
using SealVerifier;

namespace SealService.Verify;

/// <summary>
/// The public verifier: SealVerifier's <see cref="SealVerification"/> against the published trust list with live status from
/// the database, the same code the offline command-line tool runs.
/// </summary>
public sealed class PublicVerifier(ITrustListSource trustList, TimeProvider time, DbCertificateStatusSource status, AppDbContext db, SealMetrics metrics)
{
    /// <summary>Largest uploaded payload or signature file accepted by the upload form.</summary>
    public const int MaxUploadBytes = 64 * 1024;

    // The landing page sees the same seals scanned again and again: their signatures are checked once (see RemembersVerifiedTokens).
    private SealVerification Verification => new(trustList.GetTrustList(), time, status) { RemembersVerifiedTokens = true };

    public async Task<PublicVerification> VerifyQrAsync(string urlOrToken, CancellationToken ct)
    {
        var statement = await Verification.VerifyQrAsync(urlOrToken, ct);
        return Conclude(statement, storedPayloadWanted: true, "qr") with { Reference = urlOrToken };
    }

    public Task<PublicVerification> VerifyDetachedAsync(ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> signature, CancellationToken ct) =>
        VerifyDetachedAsync(payload, signature, "upload", ct);

    private async Task<PublicVerification> VerifyDetachedAsync(ReadOnlyMemory<byte> payload, ReadOnlyMemory<byte> signature, string channel, CancellationToken ct)
    {
        var statement = await Verification.VerifyDetachedAsync(payload, signature, ct);
        return Conclude(statement, storedPayloadWanted: false, channel);
    }

    /// <summary>Checks a certificate of this service by its stored payload and CMS signature.</summary>
    public Task<PublicVerification> VerifyStoredAsync(Certificate certificate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return VerifyStoredCoreAsync(certificate, ct);
    }

    private async Task<PublicVerification> VerifyStoredCoreAsync(Certificate certificate, CancellationToken ct)
    {
        var result = await VerifyDetachedAsync(certificate.Payload, certificate.CmsSignature, "serial", ct);
        return result with { Reference = certificate.Serial };
    }

    /// <summary>Looks up a serial typed by a person: tolerant parsing, and "did you mean" among serials that exist.</summary>
    public async Task<SerialLookup> LookUpAsync(string? input, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(input))
        {
            return new SerialLookup(SerialLookupOutcome.Empty, null, [], null);
        }

        if (Serial.TryParse(input, out var serial))
        {
            var certificate = await status.FindAsync(serial.Value, ct);
            return certificate is null
                ? new SerialLookup(SerialLookupOutcome.Unknown, serial.Value, [], null)
                : new SerialLookup(SerialLookupOutcome.Found, serial.Value, [], await VerifyStoredAsync(certificate, ct));
        }

        var candidates = Serial.Suggestions(input);
        var existing = candidates.Count == 0
            ? []
            : await db.Certificates.AsNoTracking().Where(c => candidates.Contains(c.Serial)).Select(c => c.Serial).ToListAsync(ct);
        var ordered = candidates.Where(existing.Contains).ToList();
        return new SerialLookup(ordered.Count > 0 ? SerialLookupOutcome.DidYouMean : SerialLookupOutcome.NotASerial, null, ordered, null);
    }

    private PublicVerification Conclude(VerificationStatement statement, bool storedPayloadWanted, string channel)
    {
        var certificate = status.Loaded(statement.Serial);
        SealPayload? stored = null;
        if (storedPayloadWanted && certificate is not null && PublicVerification.IsGenuine(statement.Verdict))
        {
            stored = SealPayload.Parse(certificate.Payload);
        }

        var result = new PublicVerification(statement, certificate, statement.Payload ?? stored);
        metrics.Verified(result.VerdictKey, channel);
        return result;
    }
}

public enum SerialLookupOutcome
{
    Empty,
    NotASerial,
    DidYouMean,
    Unknown,
    Found,
}

public sealed record SerialLookup(SerialLookupOutcome Outcome, string? Serial, IReadOnlyList<string> Suggestions, PublicVerification? Verification);

/// <summary>
/// A verification statement with what the page shows beside it: the stored certificate row (live status, reason) and the
/// full signed payload (the QR code carries only shortened names).
/// </summary>
public sealed record PublicVerification(VerificationStatement Statement, Certificate? Certificate, SealPayload? Payload)
{
    /// <summary>Stable key for pages, tests and styles: valid, expired, not-yet-valid, suspended, revoked or not-genuine.</summary>
    public string VerdictKey => Statement.Verdict switch
    {
        Verdict.Valid => "valid",
        Verdict.Expired => "expired",
        Verdict.NotYetValid => "not-yet-valid",
        Verdict.Suspended => "suspended",
        Verdict.Revoked => "revoked",
        _ => "not-genuine",
    };

    public bool Genuine => IsGenuine(Statement.Verdict);

    public string? Serial => Statement.Serial;

    public string? HolderName => Payload?.Holder.Name ?? Statement.Claims?.HolderName;

    public string? ProductName => Payload is { } p
        ? (string.IsNullOrWhiteSpace(p.Product.Version) ? p.Product.Name : $"{p.Product.Name} {p.Product.Version}")
        : Statement.Claims?.ProductName;

    public string? ProgramId => Payload?.Program.Id ?? Statement.Claims?.ProgramId;

    public DateTimeOffset? ValidUntil => Payload?.ValidUntil ?? Statement.Claims?.ValidUntil;

    public string? IssuerName => Payload?.Issuer.Name;

    /// <summary>Since when the certificate is suspended or revoked, or since when it has expired.</summary>
    public DateTimeOffset? Since => Statement.Verdict switch
    {
        Verdict.Expired => Statement.Status?.Since ?? ValidUntil,
        Verdict.Suspended or Verdict.Revoked => Statement.Status?.Since ?? Certificate?.StatusChangedAt,
        _ => null,
    };

    public StatusChangeReason? Reason => Statement.Verdict is Verdict.Suspended or Verdict.Revoked ? Certificate?.StatusReason : null;

    public string? ReasonDetails => Statement.Verdict is Verdict.Suspended or Verdict.Revoked ? Certificate?.StatusReasonText : null;

    public bool Superseded => Certificate?.Status == CertificateStatus.Superseded;

    /// <summary>What was checked, as a misuse report can name it again: the scanned token or the serial number (null for an uploaded file of unknown origin).</summary>
    public string? Reference { get; init; }

    /// <summary>The reference a misuse report about this verdict carries: <see cref="Reference"/>, else the serial of a genuine seal.</summary>
    public string? ReportReference => Reference ?? (Genuine ? Serial : null);

    internal static bool IsGenuine(Verdict verdict) =>
        verdict is Verdict.Valid or Verdict.Expired or Verdict.NotYetValid or Verdict.Suspended or Verdict.Revoked;
}
