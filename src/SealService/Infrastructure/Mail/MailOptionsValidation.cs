using MimeKit;

namespace SealService.Infrastructure.Mail;

/// <summary>Production without an SMTP server would accept registrations and password resets and deliver nothing: refuse to start instead.</summary>
public sealed class MailOptionsValidation(IHostEnvironment environment) : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.From) && !MailboxAddress.TryParse(options.From, out _))
        {
            failures.Add($"Mail:From '{options.From}' is not an address such as \"Example Certification Body <seals@example.org>\".");
        }

        if (options.UsesSmtp && options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add($"Mail:Smtp:Port {options.Smtp.Port} is not a TCP port.");
        }

        if (environment.IsProduction())
        {
            if (!options.UsesSmtp)
            {
                failures.Add("Mail:Smtp:Host is not configured: without an SMTP server no confirmation, password reset or holder notice would ever arrive "
                    + "(set Mail:Smtp:Host, Mail:Smtp:Port, Mail:Smtp:UseStartTls, Mail:Smtp:Username, Mail:Smtp:Password; see README \"Deploying for real\").");
            }

            if (string.IsNullOrWhiteSpace(options.From))
            {
                failures.Add("Mail:From is not configured (the sender, e.g. \"Example Certification Body <seals@example.org>\").");
            }
        }

        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures);
    }
}
