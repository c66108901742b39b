using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace SealService.Infrastructure;

/// <summary>
/// The shared error pattern of every form: a failed post re-renders the page with what the person typed, the message
/// next to its field (<c>_FieldError</c> partial, linked with aria-describedby and aria-invalid), and the first invalid
/// field focused on load (wwwroot/js/site.js), so the error is announced where it is, not at the top of the page.
/// </summary>
public static class FieldErrors
{
    /// <summary>The first error recorded for <paramref name="key"/>, or null.</summary>
    public static string? FieldError(this ModelStateDictionary modelState, string key)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        return modelState.TryGetValue(key, out var entry) && entry.Errors.Count > 0 ? entry.Errors[0].ErrorMessage : null;
    }

    /// <summary>The id of the message element for <paramref name="key"/> when it has an error (for aria-describedby), else null.</summary>
    public static string? ErrorId(this ModelStateDictionary modelState, string key) =>
        modelState.FieldError(key) is null ? null : ErrorIdFor(key);

    public static string ErrorIdFor(string key) => "error-" + key.Replace('.', '-').Replace('[', '-').Replace(']', '-').ToLowerInvariant();

    /// <summary>"true" when <paramref name="key"/> has an error (for aria-invalid), else null so the attribute is left out.</summary>
    public static string? Invalid(this ModelStateDictionary modelState, string key) =>
        modelState.FieldError(key) is null ? null : "true";
}
