using SealService.Issuance;
using SealService.Renewal;
using SealService.Verify;
using SealVerifier;

namespace SealService.Apply;

/// <summary>The holder's downloads for one certificate: PDF, QR code, badge snippet, payload and signature. Members of the holder organization only.</summary>
public sealed class CertificateModel(AppDbContext db, SealProgramCatalog programs, PublicUrls urls, TimeProvider time, RenewalWorkflow renewals, CertificateHistory history,
    CertificateLanguages languages, UiText text) : PageModel
{
    public RenewalOption Renewal { get; private set; } = null!;

    public Domain.Certificate Certificate { get; private set; } = null!;
    public string ProgramName { get; private set; } = "";
    public string VerificationUrl { get; private set; } = "";
    public string PublicStatus => Status.Status;
    public CertificateStatusView Status { get; private set; } = null!;
    public string BadgeSnippet { get; private set; } = "";

    /// <summary>Issued, suspended, reinstated, revoked, replaced, expired: dated, oldest first, with the reasons.</summary>
    public IReadOnlyList<CertificateEvent> History { get; private set; } = [];

    /// <summary>Since when the current status holds (the status change, or the expiry date).</summary>
    public DateTimeOffset StatusSince { get; private set; }
    public DateTimeOffset Now => time.GetUtcNow();
    public string CertificateUrl(string file) => $"/certificates/{Certificate.Serial}/{file}";
    public string ApiUrl(string file) => $"/api/v1/certificates/{Certificate.Serial}/{file}";

    /// <summary>The languages the PDF is offered in, the signed original's first.</summary>
    public IReadOnlyList<string> PdfLanguages { get; private set; } = [];

    public string PdfUrl(string language) =>
        CertificateUrl("certificate.pdf") + (language == Certificate.Language ? "" : "?lang=" + Uri.EscapeDataString(language));

    public async Task<IActionResult> OnGetAsync(string serial, CancellationToken ct)
    {
        var organizationId = User.ToActor().OrganizationId;
        if (organizationId is null || !Serial.TryParse(serial, out var parsed))
        {
            return NotFound();
        }

        var certificate = await db.Certificates.AsNoTracking()
            .Where(c => c.Serial == parsed.Value && db.Applications.Any(a => a.Id == c.ApplicationId && a.OrganizationId == organizationId))
            .FirstOrDefaultAsync(ct);
        if (certificate is null)
        {
            return NotFound();
        }

        Certificate = certificate;
        ProgramName = programs.FindProgram(certificate.ProgramId)?.Name.Current ?? certificate.ProgramId;
        VerificationUrl = IssuanceEndpoints.VerificationUrl(certificate);
        Status = CertificateStatusView.Of(certificate, time.GetUtcNow());
        var badge = urls.Certificate(certificate.Serial, "badge.svg");
        PdfLanguages = languages.Of(certificate);
        BadgeSnippet = $"<a href=\"{VerificationUrl}\"><img src=\"{badge}\" width=\"240\" height=\"64\" alt=\"{ProgramName} – {certificate.Serial}\"></a>";
        Renewal = await renewals.OptionAsync(certificate, ct);
        History = await history.ForAsync(certificate, ct);
        StatusSince = PublicStatus == "expired" ? certificate.ValidUntil : certificate.StatusChangedAt;
        return Page();
    }

    /// <summary>Starts the renewal and opens it; a refusal (not renewable, renewal already open) comes back as a notice on this page.</summary>
    public async Task<IActionResult> OnPostRenewAsync(string serial, CancellationToken ct)
    {
        if (!Serial.TryParse(serial, out var parsed))
        {
            return NotFound();
        }

        var application = await renewals.StartAsync(parsed.Value, User.ToActor(), ct);
        if (application is null)
        {
            return NotFound();
        }

        TempData["Success"] = text["The renewal is started. Your previous declarations are filled in: review each criterion, attach current evidence and submit."];
        return RedirectToPage("/Apply/Application", new { id = application.Id });
    }
}
