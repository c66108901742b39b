namespace SealService.Admin;

public sealed class CatalogModel(SealProgramCatalog catalog) : PageModel
{
    public CriteriaCatalog? Catalog { get; private set; }

    public IActionResult OnGet(string programId, string version)
    {
        Catalog = catalog.Find(programId, version);
        return Catalog is null ? NotFound() : Page();
    }
}
