namespace SealService.Registry.Programs;

/// <summary>The public list of seal programs; each links to its own page.</summary>
public sealed class IndexModel(SealProgramCatalog catalog) : PageModel
{
    public IReadOnlyList<SealProgram> Programs => catalog.Programs;

    public void OnGet()
    {
    }
}
