namespace SealService.Home;

/// <summary>Friendly pages for error status codes (404, 403, 429, ...), re-executed with the original status code kept.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel(UiText text) : PageModel
{
    public string Title { get; private set; } = "";
    public string Explanation { get; private set; } = "";

    public void OnGet(int code) => Describe(code);

    public void OnPost(int code) => Describe(code);

    private void Describe(int code)
    {
        (Title, Explanation) = code switch
        {
            404 => (text["Not found"], text["There is nothing at this address, or you may not see it."]),
            403 => (text["Not allowed"], text["Your account may not open this page."]),
            429 => (text["Too many requests"], text["Please wait a moment and try again."]),
            413 => (text["The upload is too large"], text.Format("The upload is larger than {0}, the limit here. Go back and choose a smaller file.", HttpContext.Items[Infrastructure.UploadLimits.LimitItem] as string ?? "?")),
            400 => (text["Bad request"], text["The request could not be understood. If you submitted a form, reload the page and try again."]),
            _ => (text["Something went wrong"], text["The request could not be completed."]),
        };
    }
}
