namespace SealService.Infrastructure.Localization;

/// <summary>
/// The English label (the translation key) of each state of the domain's state machines. One place, so a rule violation,
/// a queue, a dashboard and a mail name a state the same way in every language.
/// </summary>
public static class StatusLabels
{
    public static string Of(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Draft => "Draft",
        ApplicationStatus.Submitted => "Submitted",
        ApplicationStatus.InAudit => "In audit",
        ApplicationStatus.ChangesRequested => "Changes requested",
        ApplicationStatus.Recommended => "Recommended",
        ApplicationStatus.Approved => "Approved",
        ApplicationStatus.Rejected => "Rejected",
        ApplicationStatus.Issued => "Issued",
        _ => status.ToString(),
    };

    public static string Of(CertificateStatus status) => status switch
    {
        CertificateStatus.Active => "Active",
        CertificateStatus.Suspended => "Suspended",
        CertificateStatus.Revoked => "Revoked",
        _ => "Replaced",
    };
}
