namespace SealVerifier;

/// <summary>The outcome of verifying a seal, from the point of view of a person relying on it.</summary>
public enum Verdict
{
    /// <summary>Genuine and currently valid.</summary>
    Valid,

    /// <summary>Genuine, but its validity has ended (or the service reports it expired).</summary>
    Expired,

    /// <summary>Genuine, but its validity has not started yet.</summary>
    NotYetValid,

    /// <summary>Genuine, but the certification body has suspended it.</summary>
    Suspended,

    /// <summary>Genuine, but the certification body has revoked it.</summary>
    Revoked,

    /// <summary>Not genuine: the signature does not verify, was made outside the key's validity, or the service does not know the serial.</summary>
    BadSignature,

    /// <summary>Not genuine as far as this trust list can tell: signed with a key that is not in it.</summary>
    UnknownKey,

    /// <summary>Signed with a key that was compromised at the time of signing: the signature proves nothing.</summary>
    KeyCompromised,

    /// <summary>The input is not a seal (unreadable, truncated, wrong format).</summary>
    Malformed,
}

/// <summary>Live state of a certificate as reported by the issuing service.</summary>
public enum CertificateState
{
    /// <summary>In force.</summary>
    Active,

    /// <summary>Temporarily not in force.</summary>
    Suspended,

    /// <summary>Withdrawn for good.</summary>
    Revoked,

    /// <summary>Validity ended.</summary>
    Expired,

    /// <summary>Replaced by a renewed certificate.</summary>
    Superseded,

    /// <summary>The service reported a state this library does not know.</summary>
    Unknown,
}

/// <summary>Live status of a certificate, fetched from the issuing service.</summary>
/// <param name="State">The state.</param>
/// <param name="Since">Since when, if known.</param>
/// <param name="Reason">Why, if the service says.</param>
/// <param name="FetchedAt">When the status was fetched.</param>
public sealed record LiveStatus(CertificateState State, DateTimeOffset? Since, string? Reason, DateTimeOffset FetchedAt);

/// <summary>Where live certificate status comes from (the service's database in-process, or its public API over HTTP).</summary>
public interface ICertificateStatusSource
{
    /// <summary>Gets the live status of a certificate.</summary>
    /// <param name="serial">The canonical serial.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The status, or <see langword="null"/> if the service does not know the serial.</returns>
    Task<LiveStatus?> GetStatusAsync(string serial, CancellationToken ct);
}

/// <summary>
/// One sentence explaining a verdict: an English template with positional placeholders ({0}, {1}) and its arguments (key
/// ids, dates, names: never words to translate), so that an application can show the sentence in its reader's language
/// with the template as the translation key. <see cref="Text"/> is the English sentence.
/// </summary>
/// <param name="Template">The English sentence with placeholders; stable, usable as a translation key.</param>
/// <param name="Arguments">The values of the placeholders, in order.</param>
public sealed record VerificationReason(string Template, IReadOnlyList<string> Arguments)
{
    /// <summary>Creates a reason.</summary>
    /// <param name="template">The English sentence with placeholders.</param>
    /// <param name="arguments">The values of the placeholders.</param>
    /// <returns>The reason.</returns>
    public static VerificationReason Of(string template, params string[] arguments) => new(template, arguments);

    /// <summary>The English sentence.</summary>
    public string Text => string.Format(System.Globalization.CultureInfo.InvariantCulture, Template, [.. Arguments]);

    /// <inheritdoc/>
    public override string ToString() => Text;
}

/// <summary>What verification found, with the data it used; a value, never an exception.</summary>
/// <param name="Verdict">The verdict.</param>
/// <param name="Claims">The QR claims, set only once their signature has been verified.</param>
/// <param name="Payload">The payload, set only once its signature has been verified.</param>
/// <param name="SigningKey">The trusted key that signed, once found.</param>
/// <param name="Explanations">Short sentences explaining the verdict, as templates with arguments (see <see cref="Reasons"/> for the English text).</param>
/// <param name="Status">The live status, when a status source was asked.</param>
/// <param name="CheckedAt">When the check was made.</param>
public sealed record VerificationStatement(
    Verdict Verdict,
    QrClaims? Claims,
    SealPayload? Payload,
    TrustedKey? SigningKey,
    IReadOnlyList<VerificationReason> Explanations,
    LiveStatus? Status,
    DateTimeOffset CheckedAt)
{
    /// <summary>Short English sentences explaining the verdict.</summary>
    public IReadOnlyList<string> Reasons => [.. Explanations.Select(e => e.Text)];

    /// <summary>Whether the verdict is <see cref="Verdict.Valid"/>.</summary>
    public bool IsValid => Verdict == Verdict.Valid;

    /// <summary>The serial the statement is about, once the signature has been verified.</summary>
    public string? Serial => Payload?.Serial ?? Claims?.Serial;
}
