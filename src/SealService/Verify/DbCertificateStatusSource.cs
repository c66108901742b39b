using SealVerifier;

namespace SealService.Verify;

/// <summary>
/// Live status straight from the Certificates table, read on every call: a suspension or revocation shows on the very next
/// request. The rows read in this scope are kept so the page can show what it based its verdict on.
/// </summary>
public sealed class DbCertificateStatusSource(AppDbContext db, TimeProvider time) : ICertificateStatusSource
{
    private readonly Dictionary<string, Certificate> _loaded = new(StringComparer.Ordinal);

    public async Task<LiveStatus?> GetStatusAsync(string serial, CancellationToken ct)
    {
        var certificate = await FindAsync(serial, ct);
        return certificate is null ? null : StatusOf(certificate, time.GetUtcNow());
    }

    public async Task<Certificate?> FindAsync(string serial, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(serial);
        if (_loaded.TryGetValue(serial, out var known))
        {
            return known;
        }

        var certificate = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Serial == serial, ct);
        if (certificate is not null)
        {
            _loaded[serial] = certificate;
        }

        return certificate;
    }

    /// <summary>The certificate this scope has read for <paramref name="serial"/>, if any.</summary>
    public Certificate? Loaded(string? serial) => serial is not null && _loaded.TryGetValue(serial, out var c) ? c : null;

    public static LiveStatus StatusOf(Certificate certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return certificate.PublicStatusAt(now) switch
        {
            "revoked" => new LiveStatus(CertificateState.Revoked, certificate.StatusChangedAt, StatusReasons.Describe(certificate), now),
            "suspended" => new LiveStatus(CertificateState.Suspended, certificate.StatusChangedAt, StatusReasons.Describe(certificate), now),
            "superseded" => new LiveStatus(CertificateState.Superseded, certificate.StatusChangedAt, certificate.StatusReasonText, now),
            "expired" => new LiveStatus(CertificateState.Expired, certificate.ValidUntil, null, now),
            _ => new LiveStatus(CertificateState.Active, certificate.StatusChangedAt, null, now),
        };
    }
}
