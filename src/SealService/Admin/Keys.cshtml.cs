namespace SealService.Admin;

/// <summary>Read-only view of the signing keys; there is deliberately no handler that touches private keys.</summary>
public sealed class KeysModel(KeyOverview overview) : PageModel
{
    public KeyHierarchy? Hierarchy { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        try
        {
            Hierarchy = await overview.ReadAsync(ct);
        }
        catch (InvalidOperationException ex)
        {
            // A missing or damaged key store: the operator needs the reason, not an error page.
            Problem = ex.Message;
        }
    }
}
