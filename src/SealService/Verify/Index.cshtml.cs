namespace SealService.Verify;

/// <summary>Manual look-up of a serial typed from a printed certificate.</summary>
[LiveStatusCache]
public sealed class IndexModel(PublicVerifier verifier) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "serial")]
    public string? Serial { get; set; }

    public SerialLookup? Lookup { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(Serial))
        {
            Lookup = await verifier.LookUpAsync(Serial, ct);
        }
    }
}
