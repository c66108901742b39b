namespace SealService.Verify;

/// <summary>
/// A certificate's current status as pages show it: one phrase (a translation key), the tag colour, since when, and for a
/// suspension or revocation the reason and the certifier's details. Holder, certifier and public pages share it, so a
/// revoked seal reads the same everywhere.
/// </summary>
public sealed record CertificateStatusView(string Status, string Label, string Tag, DateTimeOffset Since, string? Reason, string? Details)
{
    public static CertificateStatusView Of(Certificate certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var status = certificate.PublicStatusAt(now);
        var since = status == "expired" ? certificate.ValidUntil : certificate.StatusChangedAt;
        var reason = certificate.StatusReason is { } r ? StatusReasons.Label(r) : null;
        return new CertificateStatusView(status, LabelOf(status), TagOf(status), since, reason, reason is null ? null : certificate.StatusReasonText);
    }

    /// <summary>Whether the seal may be shown as valid right now.</summary>
    public bool IsValid => Status == "active";

    public static string LabelOf(string status) => status switch
    {
        "active" => "Valid",
        "suspended" => "Suspended",
        "revoked" => "Revoked",
        "expired" => "Expired",
        _ => "Replaced",
    };

    public static string TagOf(string status) => status switch
    {
        "active" => "ok",
        "suspended" => "warn",
        _ => "bad",
    };
}
