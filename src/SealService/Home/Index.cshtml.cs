namespace SealService.Home;

public sealed class IndexModel(SealProgramCatalog catalog) : PageModel
{
    public IReadOnlyList<SealProgram> Programs { get; private set; } = [];

    public void OnGet() => Programs = catalog.Programs;
}
