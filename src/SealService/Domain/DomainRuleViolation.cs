namespace SealService.Domain;

/// <summary>
/// A business rule refused an operation. The message is written for the person who tried it
/// and is shown to them as it is; nothing was changed.
/// </summary>
public sealed class DomainRuleViolation(string message) : Exception(message)
{
}
