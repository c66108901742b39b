using SealService.Cli;

namespace SealService.Certify;

/// <summary>The certifier's side: decisions (four eyes), suspension, reinstatement, revocation and their commands.</summary>
public static class CertifyFeature
{
    public static IServiceCollection AddCertifyFeature(this IServiceCollection services)
    {
        services.AddScoped<CertificationDecisions>();
        services.AddScoped<CertificateStatusChanges>();
        services.AddAdminCommand<SuspendCommand>();
        services.AddAdminCommand<ReinstateCommand>();
        services.AddAdminCommand<RevokeCommand>();
        return services;
    }
}
