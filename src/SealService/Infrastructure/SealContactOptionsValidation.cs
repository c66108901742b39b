using System.Text.RegularExpressions;
using MimeKit;

namespace SealService.Infrastructure;

/// <summary>
/// The certification body's contact: shown texts are single lines of sensible length, the e-mail address is one plain
/// address, and Production does not start without it (a misuse report nobody receives would be a promise broken).
/// </summary>
public sealed partial class SealContactOptionsValidation(IHostEnvironment environment) : IValidateOptions<SealContactOptions>
{
    public ValidateOptionsResult Validate(string? name, SealContactOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        foreach (var (key, value, max) in new[] { ("Name", options.Name, 200), ("PostalAddress", options.PostalAddress, 300), ("Phone", options.Phone, 40) })
        {
            if (!string.IsNullOrEmpty(value) && (value.Length > max || !SingleLine.IsValid(value)))
            {
                failures.Add($"Seal:Contact:{key} must be one line of at most {max} characters.");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Phone) && !PhoneNumber().IsMatch(options.Phone))
        {
            failures.Add($"Seal:Contact:Phone '{options.Phone}' is not a phone number (digits, spaces, +, -, /, parentheses).");
        }

        if (!string.IsNullOrWhiteSpace(options.Email)
            && (!MailboxAddress.TryParse(options.Email, out var address) || address.Address.Length == 0 || !SingleLine.IsValid(options.Email) || options.Email.Contains(',', StringComparison.Ordinal)))
        {
            failures.Add($"Seal:Contact:Email '{options.Email}' is not one mail address such as seals@example.org.");
        }

        if (!UiText.SupportedLanguages.Contains(options.Language))
        {
            failures.Add($"Seal:Contact:Language '{options.Language}' is not one of {string.Join(", ", UiText.SupportedLanguages)}.");
        }

        if (environment.IsProduction() && string.IsNullOrWhiteSpace(options.Email))
        {
            failures.Add("Seal:Contact:Email is not configured: the verifier's misuse reports would reach nobody (set the certification body's address, e.g. seals@example.org; it is never shown on a page).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^\+?[0-9][0-9 ()/\-]{3,38}$")]
    private static partial Regex PhoneNumber();
}
