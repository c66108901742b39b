using System.Globalization;
using System.Text;

namespace SealVerifier.Cli;

/// <summary>What the command line prints about a verification: for people (<see cref="ToText"/>) or as JSON.</summary>
internal sealed record StatementOutput(
    Verdict Verdict,
    bool IsValid,
    string? Serial,
    string? Holder,
    string? Product,
    string? Program,
    DateTimeOffset? ValidFrom,
    DateTimeOffset? ValidUntil,
    DateTimeOffset? IssuedAt,
    string? KeyId,
    string? KeyState,
    string? LiveStatus,
    DateTimeOffset? LiveStatusSince,
    IReadOnlyList<string> Reasons,
    DateTimeOffset CheckedAt)
{
    public static StatementOutput From(VerificationStatement s)
    {
        var payload = s.Payload;
        var claims = s.Claims;
        return new StatementOutput(
            s.Verdict,
            s.IsValid,
            s.Serial,
            payload?.Holder.Name ?? claims?.HolderName,
            payload is null ? claims?.ProductName : $"{payload.Product.Name} {payload.Product.Version}",
            payload is null ? claims?.ProgramId : $"{payload.Program.Name} ({payload.Program.Id}, catalog {payload.Program.CatalogVersion})",
            payload?.ValidFrom,
            payload?.ValidUntil ?? claims?.ValidUntil,
            payload?.IssuedAt ?? claims?.IssuedAt,
            s.SigningKey?.KeyId,
            s.SigningKey?.State,
            s.Status?.State.ToString(),
            s.Status?.Since,
            s.Reasons,
            s.CheckedAt);
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Verdict:      {Headline(Verdict)}");
        Line(text, "Serial", Serial);
        Line(text, "Holder", Holder);
        Line(text, "Product", Product);
        Line(text, "Program", Program);
        Line(text, "Valid from", ValidFrom is { } from ? Format(from) : null);
        Line(text, "Valid until", ValidUntil is { } until ? Format(until) : null);
        Line(text, "Key id", KeyId is null ? null : $"{KeyId} ({KeyState})");
        Line(text, "Live status", LiveStatus is null ? null : LiveStatus + (LiveStatusSince is { } since ? $" since {Format(since)}" : string.Empty));
        text.AppendLine("Reasons:");
        foreach (var reason in Reasons)
        {
            text.AppendLine("  - " + reason);
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string label, string? value)
    {
        if (value is not null)
        {
            text.AppendLine((label + ":").PadRight(14) + value);
        }
    }

    private static string Format(DateTimeOffset value)
        => value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static string Headline(Verdict verdict) => verdict switch
    {
        Verdict.Valid => "VALID - genuine and in force",
        Verdict.Expired => "EXPIRED - genuine, but no longer in force",
        Verdict.NotYetValid => "NOT YET VALID - genuine, but not in force yet",
        Verdict.Suspended => "SUSPENDED - genuine, but suspended by the certification body",
        Verdict.Revoked => "REVOKED - genuine, but revoked by the certification body",
        Verdict.BadSignature => "NOT GENUINE - the signature does not check out",
        Verdict.UnknownKey => "NOT GENUINE - signed with a key this trust list does not contain",
        Verdict.KeyCompromised => "NOT GENUINE - signed with a compromised key",
        _ => "MALFORMED - this is not a readable seal",
    };
}
