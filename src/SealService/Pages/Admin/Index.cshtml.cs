using Microsoft.AspNetCore.Mvc.RazorPages;

namespace SealService.Pages.Admin;

public sealed class IndexModel : PageModel
{
    public void OnGet()
    {
    }
}
