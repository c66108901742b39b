namespace SealService.Admin;

public sealed class IndexModel(AdminDashboard dashboard) : PageModel
{
    public AdminCounts Counts { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Counts = await dashboard.CountAsync(ct);
}
