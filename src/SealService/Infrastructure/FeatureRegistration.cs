using SealService.Administration;
using SealService.Issuance;
using SealService.Mail;
using SealService.TransparencyLog;
using SealService.Verification;
using SealService.Workflow;

namespace SealService.Infrastructure;

/// <summary>Services and endpoints of the feature folders (apply, audit, certify, issuance, verify, registry, API).</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddSealFeatures(this IServiceCollection services)
    {
        services.AddApplyFeature();
        services.AddAuditFeature();
        services.AddIssuanceFeature();
        services.AddVerificationFeature();
        services.AddRenewalFeature();
        services.AddAdminFeature();
        services.AddMailFeature();
        services.AddTransparencyLogFeature();
        return services;
    }

    public static IEndpointRouteBuilder MapSealEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapApplyEndpoints();
        endpoints.MapIssuanceEndpoints();
        endpoints.MapVerificationEndpoints();
        endpoints.MapTransparencyLogEndpoints();
        return endpoints;
    }
}
