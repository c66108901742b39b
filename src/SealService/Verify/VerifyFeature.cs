using System.Threading.RateLimiting;

namespace SealService.Verify;

/// <summary>Public verification (QR landing page, look-up, upload), misuse reports, and the rate limit of every public, anonymous endpoint.</summary>
public static class VerifyFeature
{
    public static IServiceCollection AddVerifyFeature(this IServiceCollection services)
    {
        services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpContextAccessor();
        services.AddScoped<DbCertificateStatusSource>();
        services.AddScoped<PublicVerifier>();
        services.AddScoped<CertificateHistory>();
        services.AddScoped<PublicLinks>();
        services.AddOptions<SealContactOptions>().BindConfiguration(SealContactOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SealContactOptions>, SealContactOptionsValidation>();
        services.AddSingleton<MisuseReportThrottle>();
        services.AddScoped<MisuseReports>();
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                if (!IsPublicVerification(context.Request.Path))
                {
                    return RateLimitPartition.GetNoLimiter("unlimited");
                }

                var permits = context.RequestServices.GetRequiredService<IOptions<RateLimitingOptions>>().Value.PermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = permits,
                    Window = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (rejected, ct) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.Headers.CacheControl = "no-store";
                await Results.Problem(
                    title: "Too many requests",
                    detail: "This address has sent too many requests. Please wait a minute and try again.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(rejected.HttpContext);
            };
        });
        services.AddTransient<IStartupFilter, RateLimitingStartupFilter>();
        return services;
    }

    internal static bool IsPublicVerification(PathString path) =>
        path.StartsWithSegments("/api/v1", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/V", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Verify", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/Registry", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/certificates", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/.well-known", StringComparison.OrdinalIgnoreCase)
        // The status lists: a client needs them once per freshness period, not per seal. (Log tiles stay unlimited:
        // a monitor catching up reads many, and a CDN should carry them.)
        || path.StartsWithSegments("/status", StringComparison.OrdinalIgnoreCase);

    /// <summary>Puts the limiter first in the pipeline, so a flood is turned away before any page or database work.</summary>
    private sealed class RateLimitingStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseRateLimiter();
            next(app);
        };
    }
}
