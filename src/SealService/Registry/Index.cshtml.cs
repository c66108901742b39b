using Microsoft.AspNetCore.WebUtilities;
using SealService.Verify;

namespace SealService.Registry;

/// <summary>The public registry: free, without sign-in; status read live on every request.</summary>
[LiveStatusCache]
public sealed class IndexModel(RegistrySearch registry, SealProgramCatalog programs) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Q { get; set; }

    [BindProperty(SupportsGet = true, Name = "program")]
    public string? Program { get; set; }

    [BindProperty(SupportsGet = true, Name = "country")]
    public string? Country { get; set; }

    /// <summary>"p", because Razor Pages reserve the route value "page".</summary>
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    [BindProperty(SupportsGet = true, Name = "inactive")]
    public bool IncludeInactive { get; set; }

    public SealProgramCatalog Programs => programs;

    public RegistryPage Result { get; private set; } = new([], 1, RegistrySearch.PageSize, 0);

    public IReadOnlyList<string> Countries { get; private set; } = [];

    /// <summary>With no current match: how many inactive seals (revoked, expired, replaced) match the same search.</summary>
    public int InactiveMatches { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Result = await registry.SearchAsync(new RegistryQuery(Q, Program, Country, PageNumber, IncludeInactive), ct);
        if (Result.Total == 0 && !IncludeInactive)
        {
            // "0 found" must not read as "never certified": say when revoked, expired or replaced seals match.
            InactiveMatches = (await registry.SearchAsync(new RegistryQuery(Q, Program, Country, 1, true), ct)).Total;
        }

        Countries = await registry.CountriesAsync(ct);
    }

    public string PageLink(int page) => PageLink(page, IncludeInactive);

    public string PageLink(int page, bool includeInactive)
    {
        var query = new Dictionary<string, string?> { ["p"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        if (!string.IsNullOrWhiteSpace(Q))
        {
            query["q"] = Q;
        }

        if (!string.IsNullOrWhiteSpace(Program))
        {
            query["program"] = Program;
        }

        if (!string.IsNullOrWhiteSpace(Country))
        {
            query["country"] = Country;
        }

        if (includeInactive)
        {
            query["inactive"] = "true";
        }

        return QueryHelpers.AddQueryString("/Registry", query);
    }

    public static string StatusLabel(string status) => CertificateStatusView.LabelOf(status);
}
