using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;

namespace SealService.Infrastructure.Localization;

/// <summary>
/// Validation messages people can read in their language: every validation attribute without its own message gets a
/// sentence that names no property (never "The LegalForm field is required."), and the model binder's fallbacks are
/// sentences too. They are English translation keys; the pages show them through the UI text tables.
/// </summary>
public sealed class ValidationMessages : IValidationMetadataProvider
{
    public const string Required = "This field is required.";
    public const string TooLong = "This text is too long: at most {1} characters.";
    public const string Invalid = "This value is not valid.";

    public static IReadOnlyList<string> All =>
    [
        Required, TooLong, Invalid, "Enter a value from {1} to {2}.", "Enter a valid e-mail address.",
        "Enter the full address, e.g. https://www.example.com.", "The two entries do not match.",
    ];

    public void CreateValidationMetadata(ValidationMetadataProviderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var attribute in context.ValidationMetadata.ValidatorMetadata.OfType<ValidationAttribute>())
        {
            if (attribute.ErrorMessage is not null || attribute.ErrorMessageResourceName is not null)
            {
                continue;
            }

            attribute.ErrorMessage = attribute switch
            {
                RequiredAttribute => Required,
                StringLengthAttribute or MaxLengthAttribute => TooLong,
                RangeAttribute => "Enter a value from {1} to {2}.",
                EmailAddressAttribute => "Enter a valid e-mail address.",
                UrlAttribute => "Enter the full address, e.g. https://www.example.com.",
                CompareAttribute => "The two entries do not match.",
                _ => Invalid,
            };
        }
    }

    /// <summary>Registers the provider and replaces the binder's fallback messages (which name properties and values).</summary>
    public static void Apply(MvcOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ModelMetadataDetailsProviders.Add(new ValidationMessages());
        var messages = options.ModelBindingMessageProvider;
        messages.SetValueMustNotBeNullAccessor(_ => Required);
        messages.SetMissingBindRequiredValueAccessor(_ => Required);
        messages.SetMissingKeyOrValueAccessor(() => Required);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => Required);
        messages.SetAttemptedValueIsInvalidAccessor((_, _) => Invalid);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => Invalid);
        messages.SetUnknownValueIsInvalidAccessor(_ => Invalid);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => Invalid);
        messages.SetValueIsInvalidAccessor(_ => Invalid);
        messages.SetValueMustBeANumberAccessor(_ => "Enter a number.");
        messages.SetNonPropertyValueMustBeANumberAccessor(() => "Enter a number.");
    }
}
