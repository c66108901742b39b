using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SealService.Verification;

namespace SealService.Pages.Verify;

/// <summary>Manual look-up of a serial typed from a printed certificate.</summary>
public sealed class IndexModel(PublicVerifier verifier) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "serial")]
    public string? Serial { get; set; }

    public SerialLookup? Lookup { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Response.Headers.CacheControl = "no-cache";
        if (!string.IsNullOrWhiteSpace(Serial))
        {
            Lookup = await verifier.LookUpAsync(Serial, ct);
        }
    }
}
