using SealService.Admin;
using SealService.Api;
using SealService.Apply;
using SealService.Audit;
using SealService.Certify;
using SealService.Infrastructure.Mail;
using SealService.Issuance;
using SealService.Keys;
using SealService.Registry;
using SealService.Renewal;
using SealService.TransparencyLog;
using SealService.Verify;

namespace SealService;

/// <summary>Services and endpoints of the feature folders (apply, audit, certify, issuance, verify, registry, API).</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddSealFeatures(this IServiceCollection services)
    {
        services.AddApplyFeature();
        services.AddAuditFeature();
        services.AddCertifyFeature();
        services.AddKeysFeature();
        services.AddIssuanceFeature();
        services.AddVerifyFeature();
        services.AddApiFeature();
        services.AddRegistryFeature();
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
        endpoints.MapApiEndpoints();
        endpoints.MapTransparencyLogEndpoints();
        return endpoints;
    }
}
