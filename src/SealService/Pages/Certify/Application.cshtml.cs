using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Infrastructure.Localization;
using SealService.Workflow;

namespace SealService.Pages.Certify;

public sealed class ApplicationModel(CertificationDecisions decisions, UiText text) : PageModel
{
    public CertificationView View { get; private set; } = null!;

    [BindProperty]
    public DecisionForm Decision { get; set; } = new();

    [BindProperty]
    public BillingForm Billing { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public async Task<IActionResult> OnPostDecideAsync(Guid id, CancellationToken ct)
    {
        try
        {
            var input = new DecisionInput(Decision.Approve, Decision.Reason, Decision.ChecklistDigest, Decision.ConcurrencyStamp);
            if (!await decisions.DecideAsync(id, input, User.ToActor(), ct))
            {
                return NotFound();
            }

            TempData["Success"] = Decision.Approve ? text["The application is approved."] : text["The application is rejected; the applicant has been informed."];
            return Redirect($"/Certify/Application/{id}");
        }
        catch (DomainRuleViolation ex)
        {
            ModelState.AddModelError(string.Empty, ex.Message);
        }

        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostBillingAsync(Guid id, CancellationToken ct)
    {
        try
        {
            if (!await decisions.SetBillingAsync(id, Billing.InvoiceSent, Billing.FeePaid, Billing.ConcurrencyStamp, User.ToActor(), ct))
            {
                return NotFound();
            }

            TempData["Success"] = text["Billing status saved."];
        }
        catch (DomainRuleViolation ex)
        {
            TempData["Error"] = ex.Message;
        }

        return Redirect($"/Certify/Application/{id}");
    }

    private async Task<bool> LoadAsync(Guid id, CancellationToken ct)
    {
        var view = await decisions.ViewAsync(id, User.ToActor(), ct);
        if (view is null)
        {
            return false;
        }

        View = view;
        ModelState.Remove("Decision.ChecklistDigest");
        ModelState.Remove("Decision.ConcurrencyStamp");
        Decision.ChecklistDigest = view.Checklist.Digest;
        Decision.ConcurrencyStamp = view.Application.ConcurrencyStamp;
        Billing = new BillingForm { InvoiceSent = view.Application.InvoiceSent, FeePaid = view.Application.FeePaid, ConcurrencyStamp = view.Application.ConcurrencyStamp };
        return true;
    }

    public sealed class DecisionForm
    {
        public bool Approve { get; set; } = true;
        public string? Reason { get; set; }
        public string? ChecklistDigest { get; set; }
        public Guid ConcurrencyStamp { get; set; }
    }

    public sealed class BillingForm
    {
        public bool InvoiceSent { get; set; }
        public bool FeePaid { get; set; }
        public Guid ConcurrencyStamp { get; set; }
    }
}
