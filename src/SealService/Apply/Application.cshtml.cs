using SealService.Renewal;
using SealService.Verify;

namespace SealService.Apply;

public sealed class ApplicationModel(ApplicationWorkflow workflow, FeeSchedule fees, RenewalWorkflow renewals, TimeProvider time, UiText text) : ApplicationPageModel(workflow, text)
{
    /// <summary>The certificate issued for this application and its current status (an issued application's seal may since be suspended or revoked).</summary>
    public CertificateStatusView? IssuedStatus { get; private set; }

    public Certificate? IssuedCertificate { get; private set; }

    /// <summary>Serial of the certificate this application renews, if it is a renewal.</summary>
    public string? RenewedSerial { get; private set; }

    public IReadOnlyList<SubmissionBlocker> Blockers { get; private set; } = [];

    public IReadOnlyList<AuditLogEntry> Timeline { get; private set; } = [];

    public FeeDue? Fee { get; private set; }

    public IReadOnlyList<Criterion> Criteria => Catalog.Criteria.OrderBy(c => c.Order).ToList();

    public bool IsDone(Criterion criterion)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        var answered = Application.Declarations.Any(d => d.CriterionId == criterion.Id && d.IsAnswered);
        var evidence = !criterion.EvidenceRequired || Application.Evidence.Any(e => e.CriterionId == criterion.Id && e.IsCurrent);
        return answered && evidence;
    }

    public int Progress => Criteria.Count == 0 ? 100 : Criteria.Count(IsDone) * 100 / Criteria.Count;

    public bool CanSubmit => Application.Status is ApplicationStatus.Draft or ApplicationStatus.ChangesRequested;

    public async Task<IActionResult> OnGetAsync(Guid id)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        await PrepareAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAnswerAsync(Guid id, Guid requestId, string? answer)
    {
        if (!await LoadAsync(id))
        {
            return NotFound();
        }

        if (await TryChangeAsync(() => Workflow.AnswerChangeRequestAsync(Application, requestId, answer ?? "", User.ToActor(), HttpContext.RequestAborted)))
        {
            return RedirectToApplication("Your answer is saved. Submit again when every question is answered.");
        }

        await PrepareAsync();
        return Page();
    }

    private async Task PrepareAsync()
    {
        RenewedSerial = await renewals.RenewedSerialAsync(Application, HttpContext.RequestAborted);
        IssuedCertificate = await renewals.IssuedCertificateAsync(Application, HttpContext.RequestAborted);
        IssuedStatus = IssuedCertificate is null ? null : CertificateStatusView.Of(IssuedCertificate, time.GetUtcNow());
        Blockers = CanSubmit ? Application.SubmissionBlockers(Catalog) : [];
        Timeline = await Workflow.TimelineAsync(Application.Id, HttpContext.RequestAborted);
        Fee = fees.For(Application.ProgramId, Application.Organization?.IsAssociationMember == true);
    }
}
