namespace SealService.Apply;

/// <summary>
/// Fees per program as configured by the certification body: <c>Fees:{programId}:Annual</c>, <c>:Member</c>, <c>:Currency</c>.
/// The values in appsettings.json are examples; a real certification body sets its own.
/// </summary>
public sealed class FeeOptions : Dictionary<string, ProgramFee>
{
    public const string Section = "Fees";

    public FeeOptions()
        : base(StringComparer.OrdinalIgnoreCase)
    {
    }
}

public sealed class ProgramFee
{
    public decimal Annual { get; set; }

    /// <summary>Reduced annual fee for members of the program owner's association; falls back to <see cref="Annual"/>.</summary>
    public decimal? Member { get; set; }

    public string Currency { get; set; } = "EUR";
}

public sealed record FeeDue(decimal Amount, string Currency, bool MemberRate);

public sealed class FeeSchedule(IOptionsMonitor<FeeOptions> options)
{
    /// <summary>The annual fee due for a program, or null if the certification body configured none.</summary>
    public FeeDue? For(string programId, bool associationMember)
    {
        if (!options.CurrentValue.TryGetValue(programId, out var fee))
        {
            return null;
        }

        return associationMember && fee.Member is { } member
            ? new FeeDue(member, fee.Currency, true)
            : new FeeDue(fee.Annual, fee.Currency, false);
    }
}
