using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace SealService.Infrastructure;

/// <summary>
/// How long a browser, proxy or CDN may keep a public answer. Declared once per endpoint (as metadata on a minimal-API
/// endpoint or as an attribute on a page model) and applied by one middleware, so no endpoint writes its own
/// Cache-Control string and no status answer can be cached longer than the rule allows.
/// </summary>
public abstract class CacheRuleAttribute : Attribute
{
    /// <summary>The Cache-Control value for a successful answer.</summary>
    internal abstract string CacheControl(HttpContext context);

    /// <summary>Whether the answer is buffered to compute an ETag so caches can revalidate cheaply (304).</summary>
    internal abstract bool Revalidated { get; }
}

/// <summary>
/// The answer states a seal's status (valid, suspended, revoked...). Caches must revalidate it on every use
/// (<c>no-cache</c>) against a strong ETag of the body, so a revocation shows at the next request, never later; an
/// unchanged answer costs only a 304. Answers to signed-in people are private.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class LiveStatusCacheAttribute : CacheRuleAttribute
{
    internal override bool Revalidated => true;

    internal override string CacheControl(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true || context.Response.Headers.ContainsKey(HeaderNames.SetCookie)
            ? "private, no-cache"
            : "public, no-cache";
}

/// <summary>
/// The answer never changes with a seal's status (trust list, root certificate, signed payload, QR image, PDF of the
/// issued seal): caches may keep it for the given time.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class ArtifactCacheAttribute(int seconds) : CacheRuleAttribute
{
    public int Seconds { get; } = seconds;

    internal override bool Revalidated => false;

    internal override string CacheControl(HttpContext context) => $"public, max-age={Seconds}";
}

public static class HttpCaching
{
    /// <summary>The longest any cache may serve a status answer without asking the service again.</summary>
    public static readonly TimeSpan MaxStatusAge = TimeSpan.FromSeconds(5);

    public static TBuilder CacheAsLiveStatus<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new LiveStatusCacheAttribute());

    public static TBuilder CacheAsArtifact<TBuilder>(this TBuilder builder, TimeSpan lifetime) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ArtifactCacheAttribute((int)lifetime.TotalSeconds));

    /// <summary>Applies the endpoint's cache rule; must run after routing. Error answers are never cached.</summary>
    public static IApplicationBuilder UseHttpCachingRules(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var rule = context.GetEndpoint()?.Metadata.GetMetadata<CacheRuleAttribute>();
            if (rule is null)
            {
                await next();
                return;
            }

            var readOnly = HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method);
            context.Response.OnStarting(() =>
            {
                var response = context.Response;
                response.Headers.CacheControl = readOnly && response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified
                    ? rule.CacheControl(context)
                    : "no-cache";
                response.Headers.Remove(HeaderNames.Expires);
                return Task.CompletedTask;
            });

            if (!rule.Revalidated || !readOnly)
            {
                await next();
                return;
            }

            await WithETagAsync(context, next);
        });

    private static async Task WithETagAsync(HttpContext context, Func<Task> next)
    {
        var original = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next();
        }
        finally
        {
            context.Response.Body = original;
        }

        var response = context.Response;
        if (response.StatusCode == StatusCodes.Status200OK)
        {
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32]}\"";
            response.Headers.ETag = etag;
            if (Matches(context.Request.Headers.IfNoneMatch, etag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                response.Headers.Remove(HeaderNames.ContentType);
                return;
            }
        }

        response.ContentLength = buffer.Length;
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            buffer.Position = 0;
            await buffer.CopyToAsync(original, context.RequestAborted);
        }
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag) =>
        ifNoneMatch.SelectMany(v => (v ?? string.Empty).Split(',')).Select(t => t.Trim())
            .Any(t => t == "*" || t == etag || t == "W/" + etag);
}
