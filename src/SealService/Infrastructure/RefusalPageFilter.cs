using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ViewFeatures;

namespace SealService.Infrastructure;

/// <summary>
/// The one place where a refused business rule becomes a message. A page handler calls an application service; when the
/// service refuses (<see cref="DomainRuleViolation"/>) or loses a race with another edit (EF's
/// <see cref="DbUpdateConcurrencyException"/>), nothing was saved and this filter answers in the reader's language:
/// <list type="bullet">
/// <item>a page that is a form (<see cref="IRefusalForm"/>) is shown again with everything the person typed, and the message
/// sits next to the field it is about (or in the summary at the top);</item>
/// <item>any other page redirects to itself (GET) with the message as the page's error notice.</item>
/// </list>
/// Pages therefore carry no catch blocks of their own.
/// </summary>
public sealed class RefusalPageFilter(UiText text, ITempDataDictionaryFactory tempData, ILogger<RefusalPageFilter> logger) : IAsyncPageFilter
{
    /// <summary>The message for an edit that lost to a concurrent one; nothing of it was saved.</summary>
    public const string StaleMessage = "Someone else changed this in the meantime. Reload the page and try again.";

    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var executed = await next();
        var refusal = RefusalOf(executed.Exception);
        if (refusal is null || executed.ExceptionHandled)
        {
            return;
        }

        executed.ExceptionHandled = true;
        logger.LogInformation("Refused on {Page}: {Refusal}", context.ActionDescriptor.ViewEnginePath, refusal.Message);
        var message = text.Describe(refusal);
        var arguments = new RefusalArguments(context.HandlerMethod?.Name, context.HandlerArguments);
        IActionResult? result = null;
        if (context.HandlerInstance is IRefusalForm form && context.HandlerInstance is PageModel page)
        {
            result = await form.OnRefusedAsync(refusal, arguments);
            if (result is null)
            {
                page.ModelState.AddModelError(form.FieldOf(refusal, arguments), message);
                executed.Result = new PageResult();
                return;
            }
        }

        tempData.GetTempData(context.HttpContext)["Error"] = message;
        executed.Result = result ?? RedirectToSelf(context.HttpContext.Request);
    }

    /// <summary>
    /// The refusal an exception stands for: a business rule, or a concurrent edit that won (nothing of this one was saved);
    /// null for every other exception (a fault, which the error page handles).
    /// </summary>
    public static DomainRuleViolation? RefusalOf(Exception? exception) => exception switch
    {
        DomainRuleViolation violation => violation,
        DbUpdateConcurrencyException => new DomainRuleViolation(StaleMessage),
        _ => null,
    };

    /// <summary>Back to the page the form was on (without the handler name, so the GET shows it).</summary>
    private static LocalRedirectResult RedirectToSelf(HttpRequest request)
    {
        var query = request.Query.Where(q => !string.Equals(q.Key, "handler", StringComparison.OrdinalIgnoreCase))
            .Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        var rest = string.Join('&', query);
        var path = request.PathBase + request.Path;
        return new LocalRedirectResult(rest.Length == 0 ? path : $"{path}?{rest}");
    }
}

/// <summary>
/// A page whose post is a form a person filled in: after a refusal it is shown again as it was posted, with the message next
/// to <see cref="FieldOf"/>, instead of redirecting and losing what was typed.
/// </summary>
public interface IRefusalForm
{
    /// <summary>
    /// Gets the page ready to show again (load what the handler had not loaded yet; the bound input stays as posted). Return
    /// null to show the page; or a result instead (404 when the thing is gone, a redirect when there is no form to show the
    /// message on: the message then shows as the page's error notice).
    /// </summary>
    Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments);

    /// <summary>The model-state key the message belongs to; empty for the summary at the top of the form.</summary>
    string FieldOf(DomainRuleViolation refusal, RefusalArguments arguments) => string.Empty;
}

/// <summary>The refused handler (its name, e.g. "Decide"; null for the unnamed post) and its bound arguments, for reloading the page.</summary>
public sealed class RefusalArguments(string? handler, IDictionary<string, object?> arguments)
{
    public string? Handler { get; } = handler;

    public T? Get<T>(string name) => arguments.TryGetValue(name, out var value) && value is T typed ? typed : default;
}
