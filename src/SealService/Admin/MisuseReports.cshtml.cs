using SealService.Verify;

namespace SealService.Admin;

/// <summary>Misuse reports from the public verifier, newest first. Admins only (folder policy).</summary>
public sealed class MisuseReportsModel(MisuseReports reports) : PageModel
{
    public const int PageSize = 200;

    public IReadOnlyList<MisuseReport> Newest { get; private set; } = [];

    public int Total { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => (Newest, Total) = await reports.NewestAsync(PageSize, ct);
}
