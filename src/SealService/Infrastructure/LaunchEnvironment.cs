namespace SealService.Infrastructure;

/// <summary>
/// <c>dotnet run</c> on a fresh clone must start in Development, yet an environment the operator set must never be overridden.
/// A launch profile's <c>ASPNETCORE_ENVIRONMENT</c> replaces the operator's variable silently, so the profile sets only
/// <see cref="DefaultVariable"/>, which counts only when neither <c>ASPNETCORE_ENVIRONMENT</c>, <c>DOTNET_ENVIRONMENT</c>
/// nor <c>--environment</c> says anything.
/// </summary>
public static class LaunchEnvironment
{
    public const string DefaultVariable = "SEALSERVICE_DEFAULT_ENVIRONMENT";

    public static WebApplicationOptions Options(string[] args) => new() { Args = args, EnvironmentName = DefaultFor(args) };

    /// <summary>The launch profile's default, or null when the environment is set explicitly (or no default is given).</summary>
    public static string? DefaultFor(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var explicitArgument = args.Any(a => a.StartsWith("--environment", StringComparison.OrdinalIgnoreCase)
            || a.StartsWith("/environment", StringComparison.OrdinalIgnoreCase));
        if (explicitArgument || IsSet("ASPNETCORE_ENVIRONMENT") || IsSet("DOTNET_ENVIRONMENT"))
        {
            return null;
        }

        return Environment.GetEnvironmentVariable(DefaultVariable) is { Length: > 0 } fallback ? fallback : null;
    }

    private static bool IsSet(string variable) => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(variable));
}
