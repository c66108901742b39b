using Microsoft.Extensions.DependencyInjection.Extensions;
using SealService.Cli;

namespace SealService.Keys;

/// <summary>Key store, signer, trust list and root CRL publication, the key checks and the <c>keys</c> commands.</summary>
public static class KeysFeature
{
    public static IServiceCollection AddKeysFeature(this IServiceCollection services)
    {
        services.AddOptions<KeysOptions>().BindConfiguration(KeysOptions.Section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupCheck, KeysStartupCheck>());
        services.AddSingleton<KeyStoreLocation>();
        services.AddSingleton<FileSealSigner>();
        services.AddSingleton<ISealSigner>(sp => sp.GetRequiredService<FileSealSigner>());
        services.AddSingleton<TrustListPublisher>();
        services.AddSingleton<RootCrlPublisher>();
        services.AddSingleton<ITrustListSource>(sp => sp.GetRequiredService<TrustListPublisher>());
        services.AddHostedService<KeyLifetimeCheck>();
        services.AddHostedService<TrustListRepublisher>();
        services.AddAdminCommand<KeyCommands>();
        return services;
    }
}
