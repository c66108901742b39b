using Microsoft.AspNetCore.Identity.UI.Services;

namespace SealService.Infrastructure.Mail;

public static class MailFeature
{
    /// <summary>
    /// Mail through the outbox: every sender (account pages, holder notices, reminders) queues in the database and
    /// <see cref="OutboxSender"/> delivers over SMTP when <c>Mail:Smtp:Host</c> is set, otherwise into the pickup folder.
    /// </summary>
    public static IServiceCollection AddMailFeature(this IServiceCollection services)
    {
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section).ValidateOnStart();
        services.AddScoped<ApplicantNotifications>();
        services.AddSingleton<IValidateOptions<MailOptions>, MailOptionsValidation>();
        services.AddSingleton<MailComposer>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<SmtpMailTransport>();
        services.AddSingleton<PickupFolderMailTransport>();
        services.AddSingleton<IMailTransport>(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value.UsesSmtp
            ? sp.GetRequiredService<SmtpMailTransport>()
            : sp.GetRequiredService<PickupFolderMailTransport>());
        services.AddScoped<MailOutbox>();
        services.AddScoped<OutboxDispatcher>();
        services.AddScoped<IEmailSender, OutboxEmailSender>();
        services.AddHostedService<OutboxSender>();
        return services;
    }
}
