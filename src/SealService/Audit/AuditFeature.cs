using SealService.Infrastructure.Telemetry;

namespace SealService.Audit;

/// <summary>Services of the certification body's side: audit queue and checklist, staff directory, queue gauges.</summary>
public static class AuditFeature
{
    public static IServiceCollection AddAuditFeature(this IServiceCollection services)
    {
        services.AddScoped<StaffDirectory>();
        services.AddScoped<ApplicationQueueQuery>();
        services.AddScoped<AuditWorkflow>();
        services.AddSingleton<IGaugeSource, QueueGauges>();
        return services;
    }
}
