using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Infrastructure.Localization;
using SealService.Workflow;

namespace SealService.Pages.Audit;

public sealed class ApplicationModel(AuditWorkflow workflow, UiText text) : PageModel
{
    public AuditChecklist Checklist { get; private set; } = null!;

    public bool CanAssess { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, CancellationToken ct)
    {
        var actor = User.ToActor();
        var checklist = await workflow.ChecklistAsync(id, actor, ct);
        if (checklist is null)
        {
            return NotFound();
        }

        Checklist = checklist;
        CanAssess = checklist.Application.Status == ApplicationStatus.InAudit && checklist.Application.AuditorId == actor.UserId && actor.IsInRole(Roles.Auditor);
        return Page();
    }

    public async Task<IActionResult> OnPostAssessAsync(Guid id, AssessInput assess, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(assess);
        var input = new AssessmentInput(assess.CriterionId ?? "", assess.Result, assess.Comment, assess.ReviewedEvidence ?? []);
        return await RunAsync(id, () => workflow.AssessAsync(id, input, User.ToActor(), ct), text.Format("Assessment saved: {0}", input.CriterionId), "criterion-" + input.CriterionId);
    }

    public async Task<IActionResult> OnPostRequestChangesAsync(Guid id, ChangesInput changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var questions = (changes.Items ?? [])
            .Where(i => i.Selected && !string.IsNullOrWhiteSpace(i.CriterionId))
            .GroupBy(i => i.CriterionId!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Question ?? "", StringComparer.Ordinal);
        return await RunAsync(id, () => workflow.RequestChangesAsync(id, questions, User.ToActor(), ct),
            text["The questions were sent to the applicant."], null);
    }

    private async Task<IActionResult> RunAsync(Guid id, Func<Task<bool>> action, string success, string? fragment)
    {
        try
        {
            if (!await action())
            {
                return NotFound();
            }

            TempData["Success"] = success;
        }
        catch (DomainRuleViolation ex)
        {
            TempData["Error"] = text.Describe(ex);
        }

        return Redirect($"/Audit/Application/{id}" + (fragment is null ? "" : "#" + fragment));
    }

    public sealed class AssessInput
    {
        public string? CriterionId { get; set; }
        public AssessmentResult Result { get; set; }
        public string? Comment { get; set; }
        public List<string>? ReviewedEvidence { get; set; }
    }

    public sealed class ChangesInput
    {
        public List<ChangeItem>? Items { get; set; }
    }

    public sealed class ChangeItem
    {
        public string? CriterionId { get; set; }
        public bool Selected { get; set; }
        public string? Question { get; set; }
    }
}
