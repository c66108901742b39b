using Microsoft.AspNetCore.Mvc.Filters;

namespace SealService.Apply;

/// <summary>An applicant without an organization is sent to the organization profile first, from every /Apply page but that one and the invitation page.</summary>
public sealed class RequireOrganizationFilter : IAsyncPageFilter
{
    private static readonly string[] OpenPages = ["/Apply/Organization", "/Apply/Join"];

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var user = context.HttpContext.User;
        var page = context.ActionDescriptor.ViewEnginePath;
        if (user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Applicant) && user.ToActor().OrganizationId is null
            && !OpenPages.Contains(page, StringComparer.OrdinalIgnoreCase))
        {
            context.Result = new RedirectToPageResult("/Apply/Organization");
            return;
        }

        await next();
    }
}
