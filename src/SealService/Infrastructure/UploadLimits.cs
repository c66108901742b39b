using Microsoft.AspNetCore.Http.Features;

namespace SealService.Infrastructure;

/// <summary>
/// Marks a page or endpoint that takes uploads, with the most its request body may have. Without <c>bytes</c> the
/// limit is the configured evidence size (<see cref="StorageOptions.MaxUploadMegabytes"/>) plus room for the form fields.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class UploadLimitAttribute : Attribute
{
    public UploadLimitAttribute()
    {
    }

    public UploadLimitAttribute(long bytes) => Bytes = bytes;

    public long? Bytes { get; }
}

/// <summary>
/// Enforces <see cref="UploadLimitAttribute"/> before anything reads the body (the antiforgery check reads the whole
/// form first), and turns an oversize request into a 413 whose status page names the limit. Kestrel's own limit (30 MB)
/// and the form reader's limits otherwise throw while the form is read, which reached the user as "Something went wrong".
/// </summary>
public static class UploadLimits
{
    /// <summary>HttpContext item with the limit in words, for the 413 status page.</summary>
    public const string LimitItem = "SealService.UploadLimit";

    /// <summary>Room for the antiforgery token, the other fields and the multipart boundaries around the file.</summary>
    public const long FormOverheadBytes = 64 * 1024;

    public static IApplicationBuilder UseUploadLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var attribute = context.GetEndpoint()?.Metadata.GetMetadata<UploadLimitAttribute>();
        if (attribute is null || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }

        var limit = attribute.Bytes
            ?? (context.RequestServices.GetRequiredService<IOptions<StorageOptions>>().Value.MaxUploadMegabytes * 1024L * 1024L) + FormOverheadBytes;
        context.Items[LimitItem] = Describe(attribute.Bytes is null ? limit - FormOverheadBytes : limit);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
        {
            body.MaxRequestBodySize = limit;
        }

        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsTooLarge(ex) && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        }
    });

    public static string Describe(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024.0):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KB");

    /// <summary>Kestrel's body limit, or a multipart limit of the form reader (wrapped by MVC's value providers).</summary>
    private static bool IsTooLarge(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
                || (ex is InvalidDataException && ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
