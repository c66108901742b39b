using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Infrastructure.Localization;
using SealService.Programs;
using SealService.Workflow;

namespace SealService.Pages.Apply;

/// <summary>Shared loading and error handling of the pages about one application; 404 for applications of other organizations.</summary>
public abstract class ApplicationPageModel(ApplicationWorkflow workflow, UiText text) : PageModel
{
    protected ApplicationWorkflow Workflow => workflow;

    protected UiText Text => text;

    public SealApplication Application { get; private set; } = null!;

    public CriteriaCatalog Catalog { get; private set; } = null!;

    protected async Task<bool> LoadAsync(Guid id)
    {
        var application = await workflow.FindForMemberAsync(id, User.ToActor(), HttpContext.RequestAborted);
        if (application is null)
        {
            return false;
        }

        Application = application;
        Catalog = workflow.CatalogOf(application);
        return true;
    }

    /// <summary>
    /// Runs a change; a refused rule or a concurrent edit becomes a message (attached to <paramref name="field"/> when
    /// given, so it shows next to that field) and nothing is changed.
    /// </summary>
    protected async Task<bool> TryChangeAsync(Func<Task> change, string field = "")
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await change();
            return true;
        }
        catch (DomainRuleViolation ex)
        {
            ModelState.AddModelError(field, text.Describe(ex));
        }
        catch (DbUpdateConcurrencyException)
        {
            ModelState.AddModelError(string.Empty, ApplicationStore.StaleMessage);
        }

        return false;
    }

    protected IActionResult RedirectToApplication(string? success = null)
    {
        if (success is not null)
        {
            TempData["Success"] = text[success];
        }

        return RedirectToPage("/Apply/Application", new { id = Application.Id });
    }
}
