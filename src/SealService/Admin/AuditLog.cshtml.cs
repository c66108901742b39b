namespace SealService.Admin;

public sealed class AuditLogModel(AuditLogReview review) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public AuditLogPage Log { get; private set; } = null!;

    public AuditChainReport? Report { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => Log = await review.PageAsync(PageNumber, ct);

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Report = await review.VerifyAsync(User.ToActor(), ct);
        Log = await review.PageAsync(1, ct);
        return Page();
    }
}
