using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc.Filters;

namespace SealService.Infrastructure;

/// <summary>
/// Turns away a request no handler of the page was selected for, before the page renders. Razor Pages otherwise renders
/// the page without running any handler, so a page whose model is only loaded by its handlers (<c>OnGet</c>,
/// <c>OnPostDecide</c>, ...) meets a POST without a handler, or with an unknown one, with null models and a 500.
/// A missing handler answers 400, an unknown named handler 404; both show the status page.
/// </summary>
public sealed class UnmatchedHandlerFilter : IPageFilter
{
    public void OnPageHandlerSelected(PageHandlerSelectedContext context)
    {
    }

    public void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.HandlerMethod is not null || context.HttpContext.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            return;
        }

        var request = context.HttpContext.Request;
        var named = !string.IsNullOrEmpty(context.RouteData.Values["handler"]?.ToString()) || !string.IsNullOrEmpty(request.Query["handler"]);
        if (named)
        {
            context.Result = new NotFoundResult();
        }
        else if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            // A page with no handler for this method only renders for GET (view-only pages); any other method is a form it does not have.
            context.Result = new BadRequestResult();
        }
    }

    public void OnPageHandlerExecuted(PageHandlerExecutedContext context)
    {
    }
}
