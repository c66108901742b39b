namespace SealService.Infrastructure;

/// <summary>
/// Finds the audit key: <c>Audit:KeyFile</c>, or <c>audit-hmac.key</c> in the key store folder (<c>Keys:Directory</c>).
/// Where throwaway development keys are allowed (<c>Keys:CreateIfMissing</c>, never in Production) a missing key is created.
/// </summary>
public static class AuditKeyLocation
{
    public static string PathOf(IConfiguration configuration, IHostEnvironment environment, AuditOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.KeyFile;
        if (string.IsNullOrWhiteSpace(configured))
        {
            var keys = configuration["Keys:Directory"];
            if (string.IsNullOrWhiteSpace(keys))
            {
                throw new InvalidOperationException("Neither Audit:KeyFile nor Keys:Directory is configured: the audit log needs its key (see keys/README.md).");
            }

            configured = Path.Combine(keys, AuditChainKey.FileName);
        }

        return Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(environment.ContentRootPath, configured));
    }

    public static AuditChainKey Load(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var configuration = services.GetRequiredService<IConfiguration>();
        var environment = services.GetRequiredService<IHostEnvironment>();
        var path = PathOf(configuration, environment, services.GetRequiredService<IOptions<AuditOptions>>().Value);
        if (!File.Exists(path) && configuration.GetValue<bool>("Keys:CreateIfMissing") && !environment.IsProduction())
        {
            AuditChainKey.Create(path);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AuditKeyLocation))
                .LogWarning("Development audit key created in {Path}. Keep it with the database: without it the audit log cannot be verified.", path);
        }

        return AuditChainKey.Load(path);
    }
}
