namespace SealService.Programs;

/// <summary>
/// All seal programs and their catalog versions known to this service. Loaded once at start from the program folder;
/// the database keeps a copy of every version an application was started with.
/// </summary>
public sealed class SealProgramCatalog
{
    private readonly Dictionary<string, CriteriaCatalog> _byKey;

    public SealProgramCatalog(IEnumerable<CriteriaCatalog> catalogs)
    {
        var list = catalogs.ToList();
        _byKey = list.ToDictionary(c => c.Key, StringComparer.Ordinal);
        Programs = list.GroupBy(c => c.ProgramId, StringComparer.Ordinal)
            .Select(g => new SealProgram(g.Key, g.OrderByDescending(c => c.EffectiveFrom).ThenByDescending(c => c.Version, StringComparer.Ordinal).ToList()))
            .OrderBy(p => p.Id, StringComparer.Ordinal)
            .ToList();
    }

    public IReadOnlyList<SealProgram> Programs { get; }

    public SealProgram? FindProgram(string programId) => Programs.FirstOrDefault(p => string.Equals(p.Id, programId, StringComparison.OrdinalIgnoreCase));

    public CriteriaCatalog? Find(string programId, string version) => _byKey.GetValueOrDefault(CriteriaCatalog.CatalogKey(programId, version));

    public CriteriaCatalog Get(string programId, string version) =>
        Find(programId, version) ?? throw new InvalidOperationException($"Catalog {programId} {version} is not loaded.");
}

/// <summary>A seal program with its catalog versions, newest first.</summary>
public sealed record SealProgram(string Id, IReadOnlyList<CriteriaCatalog> Versions)
{
    /// <summary>The version new applications pin: the newest one.</summary>
    public CriteriaCatalog Current => Versions[0];

    public LocalizedText Name => Current.Name;
}
