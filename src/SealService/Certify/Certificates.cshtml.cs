using SealService.Registry;

namespace SealService.Certify;

/// <summary>Every certificate, whatever its status, for certifiers and admins to find the one to suspend or revoke.</summary>
public sealed class CertificatesModel(RegistrySearch registry) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public RegistryPage Result { get; private set; } = new([], 1, RegistrySearch.PageSize, 0);

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await registry.SearchAsync(new RegistryQuery(Q, null, null, PageNumber, IncludeInactive: true), ct);
}
