namespace SealService.Infrastructure.Localization;

/// <summary>
/// A state as the end of a sentence ("the application is {0}", "this one is {0}"), the English translation key of each state.
/// A label reads well in a list or a tag ("Changes requested"), not after "is": refusals and notices that name the state of
/// an application or a certificate in a sentence take these phrases (<see cref="RuleViolationText"/> does so for every
/// refusal), so "the application is waiting for changes from the applicant" reads as a sentence in every language.
/// </summary>
public static class StatusPhrases
{
    public static string Of(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Draft => "still a draft",
        ApplicationStatus.Submitted => "submitted and waiting for an auditor",
        ApplicationStatus.InAudit => "in audit",
        ApplicationStatus.ChangesRequested => "waiting for changes from the applicant",
        ApplicationStatus.Recommended => "waiting for the certifier's decision",
        ApplicationStatus.Approved => "approved",
        ApplicationStatus.Rejected => "rejected",
        ApplicationStatus.Issued => "completed with its seal issued",
        _ => status.ToString(),
    };

    public static string Of(CertificateStatus status) => status switch
    {
        CertificateStatus.Active => "active",
        CertificateStatus.Suspended => "suspended",
        CertificateStatus.Revoked => "revoked",
        _ => "replaced by a renewal",
    };

    /// <summary>Every phrase, for the translation coverage test.</summary>
    public static IEnumerable<string> All =>
        Enum.GetValues<ApplicationStatus>().Select(Of).Concat(Enum.GetValues<CertificateStatus>().Select(Of));
}
