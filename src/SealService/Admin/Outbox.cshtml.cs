namespace SealService.Admin;

/// <summary>
/// The mail outbox: failed mails (all attempts used), mails waiting for their next attempt, and the last week's deliveries.
/// An admin can resend an undelivered mail now. Admins only (folder policy); the post needs the antiforgery token.
/// </summary>
public sealed class OutboxModel(OutboxAdministration outbox, UiText text) : PageModel
{
    public OutboxOverview Overview { get; private set; } = new([], [], []);

    public async Task OnGetAsync(CancellationToken ct) => Overview = await outbox.OverviewAsync(ct);

    public async Task<IActionResult> OnPostResendAsync(Guid id, CancellationToken ct)
    {
        if (await outbox.ResendAsync(id, User.ToActor(), ct))
        {
            TempData["Success"] = text["The mail is queued again and goes out with the next delivery run."];
            return RedirectToPage();
        }

        return NotFound();
    }
}
