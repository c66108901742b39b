namespace SealService.Verify;

/// <summary>
/// The verifier's explanation of a verdict ("The QR code was signed by ... with key ...") in the reader's language: each
/// sentence of the statement is translated by its English template (SealVerifier's <see cref="SealVerifier.VerificationReason"/>),
/// and the certification body's status reason inside it by its label, the way the verdict shows it.
/// </summary>
public static class TechnicalDetails
{
    public static IReadOnlyList<string> Lines(PublicVerification verification, UiText text)
    {
        ArgumentNullException.ThrowIfNull(verification);
        ArgumentNullException.ThrowIfNull(text);
        var statusReason = verification.Certificate is { } certificate ? StatusReasons.Describe(certificate) : null;
        var translatedReason = verification.Reason is { } reason
            ? text[StatusReasons.Label(reason)] + (string.IsNullOrWhiteSpace(verification.ReasonDetails) ? "" : ": " + verification.ReasonDetails)
            : null;
        return verification.Statement.Explanations
            .Select(e => string.Format(CultureInfo.CurrentCulture, text[e.Template],
                [.. e.Arguments.Select(a => translatedReason is not null && string.Equals(a, statusReason?.Trim().TrimEnd('.'), StringComparison.Ordinal) ? translatedReason : a)]))
            .ToList();
    }
}
