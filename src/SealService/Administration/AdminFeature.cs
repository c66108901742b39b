namespace SealService.Administration;

/// <summary>Services of the admin area: accounts and roles, the key overview, the start page's counts.</summary>
public static class AdminFeature
{
    public static IServiceCollection AddAdminFeature(this IServiceCollection services)
    {
        services.AddScoped<UserAdministration>();
        services.AddScoped<KeyOverview>();
        services.AddScoped<AdminDashboard>();
        return services;
    }
}
