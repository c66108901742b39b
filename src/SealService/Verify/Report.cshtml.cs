using System.ComponentModel.DataAnnotations;
using SealService.Infrastructure.Validation;

namespace SealService.Verify;

/// <summary>
/// The report-misuse form: shown on the "not genuine" verdict and reachable from every verify page. Anonymous, with
/// antiforgery (global), a per-address budget (<see cref="MisuseReportThrottle"/>, 429 beyond) and a trap field people never
/// see. The confirmation reveals nothing: not the certification body's address, not what the check found.
/// </summary>
[LiveStatusCache]
public sealed class ReportModel(MisuseReports reports, MisuseReportThrottle throttle, ILogger<ReportModel> logger) : PageModel, IRefusalForm
{
    [BindProperty]
    public MisuseReportForm Report { get; set; } = new();

    [BindProperty(SupportsGet = true, Name = "received")]
    public bool Received { get; set; }

    /// <summary>The form, carrying the seal the verifier page checked (dropped when it could never be posted back).</summary>
    public void OnGet(string? seal) =>
        Report.Seal = seal is { Length: <= MisuseReport.MaxSealReference } && SingleLine.IsValid(seal) ? seal : null;

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (throttle.Acquire(HttpContext) is { } wait)
        {
            return SignInThrottle.TooManyRequests(HttpContext, wait);
        }

        if (!string.IsNullOrEmpty(Report.Website))
        {
            // Only a script fills the field no person sees: it gets the same answer, and nothing is stored or mailed.
            logger.LogInformation("Misuse report with the trap field filled in; dropped.");
            return RedirectToPage(new { received = true });
        }

        await reports.ReceiveAsync(new MisuseReportInput(Report.Seal, Report.WhereFound, Report.Details, Report.Name, Report.Email), UiText.CurrentLanguage, ct);
        return RedirectToPage(new { received = true });
    }

    /// <summary>A refused report shows the form again as it was typed, the message at the top.</summary>
    public Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments) => Task.FromResult<IActionResult?>(null);
}

/// <summary>The report form's fields. Messages are translation keys; each shows next to its field.</summary>
public sealed class MisuseReportForm
{
    /// <summary>The QR token or serial the verifier page checked (hidden field).</summary>
    [StringLength(MisuseReport.MaxSealReference)]
    [SingleLine]
    public string? Seal { get; set; }

    [Required(ErrorMessage = "Say where you found the seal: a web address, a shop or a product.")]
    [StringLength(MisuseReport.MaxWhereFound)]
    [SingleLine]
    public string WhereFound { get; set; } = "";

    [Required(ErrorMessage = "Describe what you found.")]
    [StringLength(MisuseReport.MaxDetails)]
    public string Details { get; set; } = "";

    [StringLength(MisuseReport.MaxReporterName)]
    [SingleLine]
    public string? Name { get; set; }

    [EmailAddress(ErrorMessage = "Enter a valid e-mail address.")]
    [StringLength(MisuseReport.MaxReporterEmail)]
    [SingleLine]
    public string? Email { get; set; }

    /// <summary>The trap: hidden from people (display: none), filled in by scripts that fill in every field.</summary>
    public string? Website { get; set; }
}
