namespace SealService.Admin.Users;

public sealed class IndexModel(UserAdministration accounts) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public UserListPage Result { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) =>
        Result = await accounts.SearchAsync(Query is { Length: > 100 } q ? q[..100] : Query, PageNumber, ct);
}
