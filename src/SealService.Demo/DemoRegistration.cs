using SealService.Demo.Stages;
using SealService.Infrastructure;

namespace SealService.Demo;

/// <summary>What a development host finds through <c>Demo:Assembly</c> (see <see cref="DevelopmentAddOns"/>).</summary>
public sealed class DemoAddOn : IDevelopmentAddOn
{
    public void AddServices(IServiceCollection services) => services.AddSealServiceDemo();
}

public static class DemoRegistration
{
    /// <summary>
    /// The demo seeder (as the host's <see cref="ISampleData"/>), its stages and its clock. Call it after the last
    /// <see cref="TimeProvider"/> registration (a test host: after putting in its fake clock), since the demo clock wraps that one.
    /// </summary>
    public static IServiceCollection AddSealServiceDemo(this IServiceCollection services)
    {
        ShiftedTimeProvider.Decorate(services);
        if (services.Any(d => d.ServiceType == typeof(DemoSeeder)))
        {
            return services;
        }

        services.AddScoped<DemoSeeder>();
        services.AddScoped<ISampleData>(sp => sp.GetRequiredService<DemoSeeder>());
        services.AddScoped<IDemoStage, ApplyDemoStage>();
        services.AddScoped<IDemoStage, AuditDemoStage>();
        services.AddScoped<IDemoStage, IssuanceDemoStage>();
        services.AddScoped<IDemoStage, VerificationDemoStage>();
        services.AddScoped<IDemoStage, RenewalDemoStage>();
        return services;
    }
}
