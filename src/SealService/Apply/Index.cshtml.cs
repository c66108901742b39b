using SealService.Renewal;

namespace SealService.Apply;

public sealed class IndexModel(ApplicationWorkflow workflow, OrganizationMembership membership, SealProgramCatalog programs, RenewalWorkflow renewals, TimeProvider time) : PageModel
{
    public Organization? Organization { get; private set; }

    public IReadOnlyList<SealApplication> Applications { get; private set; } = [];

    public IReadOnlyList<RenewalOption> Certificates { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public string ProgramName(Certificate certificate) =>
        programs.FindProgram(certificate.ProgramId)?.Name.Current ?? certificate.ProgramId;

    public string ProgramName(SealApplication application) =>
        programs.Find(application.ProgramId, application.CatalogVersion)?.Name.Current ?? application.ProgramId;

    /// <summary>The certificate issued for <paramref name="application"/>: its status, not "Issued", is what the holder needs to see.</summary>
    public Certificate? CertificateOf(SealApplication application) =>
        Certificates.Select(o => o.Certificate).FirstOrDefault(c => c.ApplicationId == application.Id);

    public async Task OnGetAsync()
    {
        var actor = User.ToActor();
        Organization = await membership.FindForMemberAsync(actor, HttpContext.RequestAborted);
        Applications = await workflow.ListForOrganizationAsync(actor.OrganizationId!.Value, HttpContext.RequestAborted);
        Certificates = await renewals.OptionsAsync(actor.OrganizationId.Value, HttpContext.RequestAborted);
        Now = time.GetUtcNow();
    }
}
