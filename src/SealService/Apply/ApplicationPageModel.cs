namespace SealService.Apply;

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
    /// Runs one step of a post that goes on after a refusal (the criterion page saves the declaration, then the upload): a
    /// refusal becomes a message next to <paramref name="field"/> and false, exactly as <see cref="RefusalPageFilter"/> words it.
    /// A post with a single change needs none of this: it lets the refusal reach the filter.
    /// </summary>
    protected async Task<bool> TryChangeAsync(Func<Task> change, string field = "")
    {
        ArgumentNullException.ThrowIfNull(change);
        try
        {
            await change();
            return true;
        }
        catch (Exception ex) when (RefusalPageFilter.RefusalOf(ex) is { } refusal)
        {
            ModelState.AddModelError(field, text.Describe(refusal));
            return false;
        }
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
