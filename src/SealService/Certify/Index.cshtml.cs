using Microsoft.AspNetCore.Mvc.RazorPages;
using SealService.Audit;
using SealService.Infrastructure;

namespace SealService.Certify;

public sealed class IndexModel(CertificationDecisions decisions, SealService.Programs.SealProgramCatalog programs, TimeProvider time) : PageModel
{
    public string ProgramName(string programId) => programs.FindProgram(programId)?.Name.Current ?? programId;

    public DateTimeOffset Now => time.GetUtcNow();

    public IReadOnlyList<AuditQueueRow> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Rows = await decisions.AwaitingDecisionAsync(User.ToActor(), ct);
}
