using SealService.Data;
using SealService.Infrastructure.Telemetry;

namespace SealService.Workflow;

/// <summary>Services of the certification body's side: audit queue and checklist, certification decisions, demo audits.</summary>
public static class AuditFeature
{
    public static IServiceCollection AddAuditFeature(this IServiceCollection services)
    {
        services.AddScoped<ApplicationStore>();
        services.AddScoped<StaffDirectory>();
        services.AddScoped<AuditWorkflow>();
        services.AddScoped<CertificationDecisions>();
        services.AddScoped<AuditLogReview>();
        services.AddSingleton<IGaugeSource, QueueGauges>();
        services.AddScoped<IDemoStage, AuditDemoStage>();
        return services;
    }
}
