using Microsoft.AspNetCore.Localization;

namespace SealService.Home;

/// <summary>The language switch: remembers the choice in a cookie for a year and goes back to the page it came from.</summary>
public sealed class CultureModel : PageModel
{
    /// <summary>
    /// The language links in the header: a plain link per language works without script and without a separate submit
    /// button, and keeps public pages free of per-visitor form tokens (so caches can revalidate them). Choosing a
    /// language changes nothing but a preference cookie, so a GET is safe.
    /// </summary>
    public IActionResult OnGet(string? language, string? returnUrl) =>
        language is null ? LocalRedirect("/") : OnPost(language, returnUrl);

    public IActionResult OnPost(string? language, string? returnUrl)
    {
        if (language is null || !UiText.SupportedLanguages.Contains(language))
        {
            language = "en";
        }

        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
