namespace SealService.Admin;

public sealed class ProgramsModel(SealProgramCatalog catalog, AppDbContext db) : PageModel
{
    public IReadOnlyList<SealProgram> Programs { get; private set; } = [];
    public IReadOnlyDictionary<string, int> ApplicationCounts { get; private set; } = new Dictionary<string, int>();

    public async Task OnGetAsync()
    {
        Programs = catalog.Programs;
        var counts = await db.Applications.GroupBy(a => new { a.ProgramId, a.CatalogVersion })
            .Select(g => new { g.Key.ProgramId, g.Key.CatalogVersion, Count = g.Count() })
            .ToListAsync();
        ApplicationCounts = counts.ToDictionary(c => CriteriaCatalog.CatalogKey(c.ProgramId, c.CatalogVersion), c => c.Count);
    }
}
