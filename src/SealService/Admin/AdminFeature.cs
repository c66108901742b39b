using SealService.Cli;

namespace SealService.Admin;

/// <summary>Services of the admin area: accounts and roles, the key overview, the outbox, the audit log review, the start page's counts, and the create-user command.</summary>
public static class AdminFeature
{
    public static IServiceCollection AddAdminFeature(this IServiceCollection services)
    {
        services.AddScoped<UserAdministration>();
        services.AddScoped<KeyOverview>();
        services.AddScoped<AdminDashboard>();
        services.AddScoped<OutboxAdministration>();
        services.AddScoped<AuditLogReview>();
        services.AddAdminCommand<CreateUserCommand>();
        return services;
    }
}
