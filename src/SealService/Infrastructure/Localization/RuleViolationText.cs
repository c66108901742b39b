namespace SealService.Infrastructure.Localization;

/// <summary>
/// Turns a refused business rule into the user's language: the template and every argument that is a word from code. A
/// state is named by its <see cref="StatusPhrases">phrase</see>, since refusals name it in a sentence ("the application is {0}").
/// </summary>
public static class RuleViolationText
{
    public static string Describe(this UiText text, DomainRuleViolation violation)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(violation);
        return Compose(text, violation.Template, violation.Arguments);
    }

    private static string Compose(UiText text, string template, IReadOnlyList<object?> arguments) =>
        DomainRuleViolation.Compose(text[template], arguments, argument => argument switch
        {
            ApplicationStatus status => text[StatusPhrases.Of(status)],
            CertificateStatus status => text[StatusPhrases.Of(status)],
            SubmissionBlocker blocker => $"{blocker.Subject} – {text[blocker.Problem]}",
            RuleText phrase => Compose(text, phrase.English, phrase.Arguments),
            _ => argument,
        }, CultureInfo.CurrentCulture);
}
