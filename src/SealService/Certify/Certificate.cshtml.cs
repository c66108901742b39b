namespace SealService.Certify;

/// <summary>One certificate: suspend, reinstate or revoke it (certifiers and admins, by folder policy).</summary>
public sealed class CertificateModel(AppDbContext db, CertificateStatusChanges changes, TimeProvider time, UiText text) : PageModel, IRefusalForm
{
    [BindProperty]
    public StatusChangeInput Input { get; set; } = new();

    public Certificate Certificate { get; private set; } = null!;

    public string PublicStatus => Certificate.PublicStatusAt(time.GetUtcNow());

    public async Task<IActionResult> OnGetAsync(string serial, CancellationToken ct) =>
        await LoadAsync(serial, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostSuspendAsync(string serial, CancellationToken ct) =>
        ChangeAsync(serial, StatusChange.Suspend, text["The certificate is suspended."], ct);

    public Task<IActionResult> OnPostReinstateAsync(string serial, CancellationToken ct) =>
        ChangeAsync(serial, StatusChange.Reinstate, text["The certificate is reinstated."], ct);

    public Task<IActionResult> OnPostRevokeAsync(string serial, CancellationToken ct)
    {
        if (!Input.Confirm)
        {
            ModelState.AddModelError("Input.Confirm", text["Tick the box to confirm that revocation cannot be undone."]);
            return RedisplayAsync(serial, ct);
        }

        return ChangeAsync(serial, StatusChange.Revoke, text["The certificate is revoked."], ct);
    }

    private async Task<IActionResult> ChangeAsync(string serial, StatusChange change, string success, CancellationToken ct)
    {
        var changed = await changes.ApplyAsync(serial, change, change == StatusChange.Reinstate ? null : Input.Reason, Input.Details, User.ToActor(), Input.ConcurrencyStamp, ct);
        if (changed is null)
        {
            return NotFound();
        }

        TempData["Success"] = success;
        return RedirectToPage(new { serial });
    }

    /// <summary>A refused change shows the certificate again (as stored now) with the typed reason and details kept.</summary>
    public async Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments)
    {
        db.ChangeTracker.Clear();
        return await RedisplayAsync(arguments.Get<string>("serial") ?? "", HttpContext.RequestAborted) is PageResult ? null : NotFound();
    }

    private async Task<IActionResult> RedisplayAsync(string serial, CancellationToken ct) =>
        await LoadAsync(serial, ct) ? Page() : NotFound();

    private async Task<bool> LoadAsync(string serial, CancellationToken ct)
    {
        var certificate = await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Serial == serial, ct);
        if (certificate is null)
        {
            return false;
        }

        Certificate = certificate;
        return true;
    }
}

public sealed class StatusChangeInput
{
    public StatusChangeReason Reason { get; set; } = StatusChangeReason.NonconformityFound;

    public string? Details { get; set; }

    public Guid ConcurrencyStamp { get; set; }

    public bool Confirm { get; set; }
}
