using SealService.Cli;

namespace SealService.Issuance;

public static class IssuanceFeature
{
    /// <summary>The issuance pipeline (also as the approval follow-up), status lists, credentials, holder notices and the <c>issue</c> command.</summary>
    public static IServiceCollection AddIssuanceFeature(this IServiceCollection services)
    {
        services.AddSingleton<StatusListPublisher>();
        services.AddSingleton<SealCredential>();
        services.AddSingleton<CertificateLanguages>();
        services.AddScoped<CertificateIssuance>();
        services.AddScoped<PendingIssuance>();
        services.AddScoped<IApprovalFollowUp>(sp => sp.GetRequiredService<PendingIssuance>());
        services.AddHostedService<PendingIssuanceRetry>();
        services.AddScoped<CertificateNotices>();
        services.AddAdminCommand<IssueCommand>();
        return services;
    }
}
