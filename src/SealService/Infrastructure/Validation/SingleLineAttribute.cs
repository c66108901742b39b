using System.ComponentModel.DataAnnotations;

namespace SealService.Infrastructure.Validation;

/// <summary>
/// Marks an input property as one line (see <see cref="SingleLine"/>): a value with CR, LF, tab or another control character
/// is refused at the field with a translated message, before any handler runs.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class SingleLineAttribute : ValidationAttribute
{
    public SingleLineAttribute()
        : base(SingleLine.Message)
    {
        ErrorMessage = SingleLine.Message;
    }

    public override bool IsValid(object? value) => value is not string text || SingleLine.IsValid(text);
}
