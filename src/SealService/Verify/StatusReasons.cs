namespace SealService.Verify;

/// <summary>The public wording of <see cref="StatusChangeReason"/> (English; pages translate it with the UI text tables).</summary>
public static class StatusReasons
{
    public static string Label(StatusChangeReason reason) => reason switch
    {
        StatusChangeReason.NonconformityFound => "A nonconformity with the criteria was found",
        StatusChangeReason.FalseDeclaration => "False statements in the application",
        StatusChangeReason.FeeNotPaid => "The certification fee was not paid",
        StatusChangeReason.HolderRequest => "At the holder's request",
        StatusChangeReason.MisuseOfSeal => "Misuse of the seal",
        StatusChangeReason.KeyCompromise => "The signing key was compromised",
        _ => "Other reason",
    };

    /// <summary>Reason and details in one English sentence, as the public API reports them.</summary>
    public static string? Describe(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.StatusReason is not { } reason)
        {
            return certificate.StatusReasonText;
        }

        return string.IsNullOrWhiteSpace(certificate.StatusReasonText)
            ? Label(reason)
            : $"{Label(reason)}: {certificate.StatusReasonText}";
    }

    /// <summary>Reads a reason name as typed on the command line (case-insensitive, names only, no numbers).</summary>
    public static bool TryParse(string? text, out StatusChangeReason reason)
    {
        reason = default;
        return !string.IsNullOrWhiteSpace(text) && !text.Trim().All(char.IsAsciiDigit)
            && Enum.TryParse(text.Trim(), ignoreCase: true, out reason) && Enum.IsDefined(reason);
    }
}
