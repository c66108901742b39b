namespace SealService.Infrastructure.Mail;

/// <summary>App-relative paths of the applicant pages that mails and other features link to; <see cref="Infrastructure.PublicUrls.Absolute"/> makes them absolute.</summary>
public static class ApplicantPages
{
    public static string Application(Guid applicationId) => $"/Apply/Application/{applicationId}";

    public static string Certificate(string serial) => $"/Apply/Certificate/{Uri.EscapeDataString(serial)}";
}
