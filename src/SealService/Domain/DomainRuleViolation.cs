using System.Collections;

namespace SealService.Domain;

/// <summary>
/// A business rule refused an operation; nothing was changed. <see cref="Template"/> is the English sentence with positional
/// placeholders ({0}, {1:yyyy-MM-dd}) and is the translation key; <see cref="Arguments"/> fill it. <see cref="Exception.Message"/>
/// is the English text for logs and the command line; pages show the translated text (UiText.Describe).
/// Arguments that are words from code (statuses, problems) stay enums or <see cref="RuleText"/> so the UI can translate them.
/// </summary>
public sealed class DomainRuleViolation : Exception
{
    public DomainRuleViolation(string template, params object?[] arguments)
        : base(Compose(template, arguments, a => a, CultureInfo.InvariantCulture))
    {
        Template = template;
        Arguments = arguments;
    }

    public string Template { get; }

    public IReadOnlyList<object?> Arguments { get; }

    /// <summary>A refusal whose text comes from elsewhere (e.g. Identity's error descriptions) and is shown as it is.</summary>
    public static DomainRuleViolation Verbatim(string text) => new("{0}", text);

    /// <summary>
    /// Fills the template with the arguments, each passed through <paramref name="describe"/> first; a list argument
    /// becomes its described items joined with "; ".
    /// </summary>
    public static string Compose(string template, IReadOnlyList<object?> arguments, Func<object?, object?> describe, IFormatProvider? culture = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(describe);
        var values = arguments.Select(a => a is IEnumerable items and not string
            ? string.Join("; ", items.Cast<object?>().Select(i => Convert.ToString(describe(i), culture ?? CultureInfo.InvariantCulture)))
            : describe(a)).ToArray();
        return string.Format(culture ?? CultureInfo.InvariantCulture, template, values);
    }
}

/// <summary>
/// An English phrase from code (itself a template with placeholders) used as an argument of a <see cref="DomainRuleViolation"/>;
/// the UI translates it like the refusal itself.
/// </summary>
public sealed class RuleText(string english, params object?[] arguments)
{
    public string English { get; } = english;

    public IReadOnlyList<object?> Arguments { get; } = arguments;

    public override string ToString() => DomainRuleViolation.Compose(English, Arguments, a => a, CultureInfo.InvariantCulture);
}
