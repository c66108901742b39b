using SealService.Infrastructure.Mail;
using SealVerifier;

namespace SealService.Issuance;

/// <summary>
/// What the holder is told when their certificate is issued or its status changes: serial, what happened and why, what to
/// do, and the links (certificate page, PDF, badge, QR code, public verifier) on the public address.
/// </summary>
public sealed class CertificateNotices(ApplicantNotifications notifications, SealProgramCatalog programs, PublicUrls urls, UiText text)
{
    /// <summary>Queues the "approved and issued" mail in the issuing unit of work (before its SaveChanges).</summary>
    public Task<int> QueueIssuedAsync(Certificate certificate, Guid organizationId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return notifications.QueueForOrganizationAsync(organizationId, new Notice("certificate.issued",
            new NoticeText("Your seal is approved and issued: {0} ({1})", certificate.ProductName, certificate.Serial),
            [
                new NoticeText("Your application for {0} ({1}) has been approved. The certificate {2} is issued and valid until {3}.",
                    Program(certificate), certificate.ProductName, certificate.Serial, Date(certificate.ValidUntil)),
                new NoticeText("The certificate page has the PDF, the badge for your website, the QR code and the verifier link that anyone can use to check the seal."),
            ],
            Links(certificate)), ct);
    }

    /// <summary>Queues the mail about a suspension, reinstatement or revocation in the same unit of work as the change.</summary>
    public Task<int> QueueStatusChangeAsync(Certificate certificate, Guid organizationId, string reasonLabel, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var reason = new PerLanguage(language => string.IsNullOrWhiteSpace(certificate.StatusReasonText)
            ? text.Translate(reasonLabel, language)
            : $"{text.Translate(reasonLabel, language)}: {certificate.StatusReasonText}");
        var since = Date(certificate.StatusChangedAt);
        Notice notice = certificate.Status switch
        {
            CertificateStatus.Suspended => new Notice("certificate.suspended",
                new NoticeText("Your seal is suspended: {0} ({1})", certificate.ProductName, certificate.Serial),
                [
                    new NoticeText("The certificate {0} for {1} ({2}) is suspended since {3}. Until it is reinstated, the verifier shows it as suspended: do not present the seal as valid.",
                        certificate.Serial, certificate.ProductName, Program(certificate), since),
                    new NoticeText("Reason: {0}", reason),
                    new NoticeText("What to do: resolve the reason above and tell the certification body what you changed; a certifier reinstates the seal once it is resolved. Reply to your certification body if you disagree."),
                ],
                Links(certificate)),
            CertificateStatus.Active => new Notice("certificate.reinstated",
                new NoticeText("Your seal is valid again: {0} ({1})", certificate.ProductName, certificate.Serial),
                [
                    new NoticeText("The suspension of certificate {0} for {1} ({2}) was lifted on {3}. The seal is valid again until {4}.",
                        certificate.Serial, certificate.ProductName, Program(certificate), since, Date(certificate.ValidUntil)),
                ],
                Links(certificate)),
            _ => new Notice("certificate.revoked",
                new NoticeText("Your seal is revoked: {0} ({1})", certificate.ProductName, certificate.Serial),
                [
                    new NoticeText("The certificate {0} for {1} ({2}) is revoked since {3}. Revocation is final: remove the seal and the badge from your product, website and documents.",
                        certificate.Serial, certificate.ProductName, Program(certificate), since),
                    new NoticeText("Reason: {0}", reason),
                    new NoticeText("You may apply again once the reason is resolved."),
                ],
                [new NoticeLink(new NoticeText("Your certificate"), ApplicantPages.Certificate(certificate.Serial))]),
        };
        return notifications.QueueForOrganizationAsync(organizationId, notice, ct);
    }

    private List<NoticeLink> Links(Certificate certificate) =>
    [
        new(new NoticeText("Your certificate"), ApplicantPages.Certificate(certificate.Serial)),
        new(new NoticeText("Certificate (PDF)"), urls.Certificate(certificate.Serial, "certificate.pdf")),
        new(new NoticeText("Badge for your website"), urls.Certificate(certificate.Serial, "badge.svg")),
        new(new NoticeText("QR code"), urls.Certificate(certificate.Serial, "qr.png")),
        // The QR code's own URL is upper case (QR alphanumeric mode); people get the same landing page in ordinary spelling.
        new(new NoticeText("Verify the seal"), QrToken.TryExtractToken(certificate.QrToken, out var token)
            ? $"{urls.BaseUrl}{QrToken.PathSegment}{token}"
            : $"{urls.BaseUrl}/Verify?serial={Uri.EscapeDataString(certificate.Serial)}"),
    ];

    private PerLanguage Program(Certificate certificate)
    {
        var program = programs.FindProgram(certificate.ProgramId);
        return new PerLanguage(language => program?.Name.In(language) ?? certificate.ProgramId);
    }

    private static string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
