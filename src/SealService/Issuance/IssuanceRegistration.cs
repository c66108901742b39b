using Microsoft.Extensions.DependencyInjection.Extensions;
using SealService.Infrastructure;
using SealService.Cli;
using SealService.Data;
using SealService.Workflow;

namespace SealService.Issuance;

public static class IssuanceRegistration
{
    /// <summary>Key store, signer, trust list, issuance pipeline (also as the approval follow-up) and the demo certificates.</summary>
    public static IServiceCollection AddIssuanceFeature(this IServiceCollection services)
    {
        services.AddOptions<KeysOptions>().BindConfiguration(KeysOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupCheck, KeysStartupCheck>());
        services.AddSingleton<KeyStoreLocation>();
        services.AddSingleton<FileSealSigner>();
        services.AddSingleton<ISealSigner>(sp => sp.GetRequiredService<FileSealSigner>());
        services.AddSingleton<TrustListPublisher>();
        services.AddSingleton<RootCrlPublisher>();
        services.AddSingleton<StatusLists.StatusListPublisher>();
        services.AddSingleton<StatusLists.SealCredential>();
        services.AddSingleton<ITrustListSource>(sp => sp.GetRequiredService<TrustListPublisher>());
        services.AddHostedService<KeyLifetimeCheck>();
        services.AddHostedService<TrustListRepublisher>();
        services.AddScoped<CertificateIssuance>();
        services.AddScoped<PendingIssuance>();
        services.AddScoped<IApprovalFollowUp>(sp => sp.GetRequiredService<PendingIssuance>());
        services.AddHostedService<PendingIssuanceRetry>();
        services.AddScoped<CertificateNotices>();
        services.AddScoped<IDemoStage, IssuanceDemoStage>();
        services.AddAdminCommand<KeyCommands>();
        services.AddAdminCommand<IssueCommand>();
        return services;
    }
}
