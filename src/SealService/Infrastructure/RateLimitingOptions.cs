using System.ComponentModel.DataAnnotations;

namespace SealService.Infrastructure;

public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>Requests per minute and client IP address for the public verifier, registry and API.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerMinute { get; set; } = 120;

    /// <summary>Misuse reports per hour and client IP address (the verifier's report form; 429 beyond).</summary>
    [Range(1, 10_000_000)]
    public int MisuseReportsPerHour { get; set; } = 5;
}
