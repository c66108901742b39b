namespace SealService.Registry;

/// <summary>The public registry of certified products and the program pages.</summary>
public static class RegistryFeature
{
    public static IServiceCollection AddRegistryFeature(this IServiceCollection services)
    {
        services.AddScoped<RegistrySearch>();
        return services;
    }
}
