using SealService.Apply;

namespace SealService.Registry.Programs;

/// <summary>
/// The public page of one seal program: what it certifies, the criteria of the current catalog version, fees, validity,
/// languages and how to apply. A draft catalog says so at the top.
/// </summary>
public sealed class ProgramModel(SealProgramCatalog catalog, FeeSchedule fees) : PageModel
{
    public CriteriaCatalog Catalog { get; private set; } = null!;

    public FeeDue? Fee { get; private set; }

    public FeeDue? MemberFee { get; private set; }

    public IActionResult OnGet(string id)
    {
        if (catalog.FindProgram(id) is not { } program)
        {
            return NotFound();
        }

        Catalog = program.Current;
        Fee = fees.For(program.Id, associationMember: false);
        MemberFee = fees.For(program.Id, associationMember: true) is { MemberRate: true } member ? member : null;
        return Page();
    }
}
