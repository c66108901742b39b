using SealService.Issuance;

namespace SealService.Certify;

public sealed class ApplicationModel(CertificationDecisions decisions, PendingIssuance issuance, UiText text, TimeProvider time, ILogger<ApplicationModel> logger) : PageModel, IRefusalForm
{
    public DateTimeOffset Now => time.GetUtcNow();

    public CertificationView View { get; private set; } = null!;

    /// <summary>
    /// Approved but not issued: the approval committed and the issuance after it failed. The certificate and the Issued status
    /// are committed together, so Approved alone means no certificate exists.
    /// </summary>
    public bool AwaitsIssuance => View.Application.Status == ApplicationStatus.Approved;

    /// <summary>Why the signed-in person may not decide (four eyes, conflict of interest); they get this instead of the form.</summary>
    public string? DecisionRefusal { get; private set; }

    [BindProperty]
    public DecisionForm Decision { get; set; } = new();

    [BindProperty]
    public BillingForm Billing { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDecideAsync(Guid id, CancellationToken ct)
    {
        if (Decision.Approve is not { } approve)
        {
            // Nothing is preselected, so "no choice" is a real answer to catch; the typed reason stays in the form.
            ModelState.AddModelError("Decision.Approve", text["Choose whether to approve or reject the application."]);
            return await LoadAsync(id, ct) ? Page() : NotFound();
        }

        var input = new DecisionInput(approve, Decision.Reason, Decision.ChecklistDigest, Decision.ConcurrencyStamp);
        if (!await decisions.DecideAsync(id, input, User.ToActor(), ct))
        {
            return NotFound();
        }

        TempData["Success"] = approve ? text["The application is approved."] : text["The application is rejected; the applicant has been informed."];
        return Redirect($"/Certify/Application/{id}");
    }

    /// <summary>
    /// A refused decision shows the form again with the chosen decision and typed reason; a refused issuance or billing change
    /// comes back as a notice on the application.
    /// </summary>
    public async Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments)
    {
        var id = arguments.Get<Guid>("id");
        if (arguments.Handler != "Decide")
        {
            return Redirect($"/Certify/Application/{id}");
        }

        return await LoadAsync(id, HttpContext.RequestAborted) ? null : NotFound();
    }

    /// <summary>Re-runs the issuance of an approved application; issuance is idempotent, so a double click issues once.</summary>
    public async Task<IActionResult> OnPostIssueAsync(Guid id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }

        try
        {
            var certificate = await issuance.TryIssueAsync(id, User.ToActor(), ct);
            TempData["Success"] = text.Format("The certificate {0} is issued.", certificate.Serial);
        }
        catch (Exception ex) when (ex is System.Security.Cryptography.CryptographicException or IOException or InvalidOperationException)
        {
            logger.LogError(ex, "Issuing the certificate of application {ApplicationId} failed again.", id);
            TempData["Error"] = text["The certificate could not be issued; the application stays approved. Check the signing keys and try again."];
        }

        return Redirect($"/Certify/Application/{id}");
    }

    public async Task<IActionResult> OnPostBillingAsync(Guid id, CancellationToken ct)
    {
        if (!await decisions.SetBillingAsync(id, Billing.InvoiceSent, Billing.FeePaid, Billing.ConcurrencyStamp, User.ToActor(), ct))
        {
            return NotFound();
        }

        TempData["Success"] = text["Billing status saved."];
        return Redirect($"/Certify/Application/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var view = await decisions.ViewAsync(id, User.ToActor(), ct);
        if (view is null)
        {
            return false;
        }

        View = view;
        DecisionRefusal = view.Application.DecisionRefusal(User.ToActor()) is { } refusal && view.Application.Status == ApplicationStatus.Recommended
            ? text.Describe(refusal)
            : null;
        ModelState.Remove("Decision.ChecklistDigest");
        ModelState.Remove("Decision.ConcurrencyStamp");
        Decision.ChecklistDigest = view.Checklist.Digest;
        Decision.ConcurrencyStamp = view.Application.ConcurrencyStamp;
        Billing = new BillingForm { InvoiceSent = view.Application.InvoiceSent, FeePaid = view.Application.FeePaid, ConcurrencyStamp = view.Application.ConcurrencyStamp };
        return true;
    }

    public sealed class DecisionForm
    {
        public bool? Approve { get; set; }
        public string? Reason { get; set; }
        public string? ChecklistDigest { get; set; }
        public Guid ConcurrencyStamp { get; set; }
    }

    public sealed class BillingForm
    {
        public bool InvoiceSent { get; set; }
        public bool FeePaid { get; set; }
        public Guid ConcurrencyStamp { get; set; }
    }
}
