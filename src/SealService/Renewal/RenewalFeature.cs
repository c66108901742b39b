namespace SealService.Renewal;

/// <summary>Wiring of renewals, expiry reminders (service and background job) and their options.</summary>
public static class RenewalFeature
{
    public static IServiceCollection AddRenewalFeature(this IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section);
        services.AddScoped<RenewalWorkflow>();
        services.AddScoped<ExpiryReminders>();
        services.AddHostedService<ExpiryReminderService>();
        return services;
    }
}
