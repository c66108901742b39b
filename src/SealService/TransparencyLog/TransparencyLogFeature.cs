using Microsoft.Extensions.DependencyInjection.Extensions;
using SealService.Cli;

namespace SealService.TransparencyLog;

/// <summary>The public transparency log (issue 14, docs/transparency-log.md): key, tree, anchoring and endpoints.</summary>
public static class TransparencyLogFeature
{
    public static IServiceCollection AddTransparencyLogFeature(this IServiceCollection services)
    {
        services.AddOptions<TransparencyLogOptions>().BindConfiguration(TransparencyLogOptions.Section);
        services.AddSingleton<LogSigningKey>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupCheck, LogKeyStartupCheck>());
        services.AddSingleton<PublicLog>();
        services.AddScoped<AuditAnchoring>();
        services.AddScoped<LogEntryLookup>();
        services.AddHostedService<AuditAnchorService>();
        services.AddAdminCommand<AnchorAuditLogCommand>();
        return services;
    }
}
