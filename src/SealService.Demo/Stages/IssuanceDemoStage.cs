using SealService.Domain;
using SealService.Keys;

namespace SealService.Demo.Stages;

/// <summary>
/// Demo certificates for all three programs: applications walk the whole way (start, declare, evidence, submit, assign,
/// assess, recommend, decide) through the services the pages use, and the certifier's approval issues them through the
/// real issuance pipeline. Per program three current certificates (the verification stage suspends one and revokes one)
/// and one issued 13 months ago, now expired.
/// </summary>
/// <remarks>
/// The expired certificate is approved and signed on a clock 13 months behind, so its signing time, issue date, validity and
/// audit entries agree. A key may only sign within its own validity; fresh development keys are therefore created as if they
/// had existed since then. An existing key store is never altered: if its active key is younger, the expired certificates
/// are left out rather than signed with a key that did not exist yet.
/// </remarks>
public sealed class IssuanceDemoStage(KeyStoreLocation keys, ILogger<IssuanceDemoStage> logger) : IDemoStage
{
    /// <summary>How long ago the expired demo certificates were issued; with the programs' 12 months they ran out a month ago.</summary>
    public const int ExpiredIssuedMonthsAgo = 13;

    public int Order => 30;

    /// <summary>Demo certificates are signed only with throwaway keys: never with a key store that could make them look genuine.</summary>
    public void EnsureAllowed()
    {
        if (!keys.IsDevelopmentStore)
        {
            throw new InvalidOperationException(
                $"Demo data is signed only with development keys, and the key store in {keys.Store.Directory} is not one. Demo seeding refused.");
        }
    }

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        EnsureAllowed();
        var now = context.Now;
        var past = now.AddMonths(-ExpiredIssuedMonthsAgo);
        var german = context.Cast.GermanOrganizations;
        var rwandan = context.Cast.RwandanOrganizations;
        // Before anything signs: the first signature would otherwise create development keys valid only from now.
        if (keys.EnsureCreatedSince(past.AddDays(-1)))
        {
            foreach (var (organization, program) in new[] { (german[3], "smig"), (german[1], "shig"), (rwandan[0], "rwts") })
            {
                await IssueAsync(context, organization, program, past);
            }
        }
        else
        {
            logger.LogWarning(
                "The key store in {Directory} has no active key that existed {Months} months ago, so the demo data has no expired certificates. Delete the development key folder to get them.",
                keys.Store.Directory, ExpiredIssuedMonthsAgo);
        }

        // A development store created for the past has left its signing period by now: rotate, as an operator would.
        keys.RotateDevelopmentKeyIfDue(now, FileKeyStore.LongestSealValidityMonths);
        var current = new[]
        {
            (german[1], "smig"), (german[2], "smig"), (german[0], "smig"),
            (german[2], "shig"), (german[3], "shig"), (german[0], "shig"),
            (rwandan[1], "rwts"), (rwandan[0], "rwts"), (rwandan[1], "rwts"),
        };
        foreach (var (organization, program) in current)
        {
            await IssueAsync(context, organization, program, now);
        }
    }

    /// <summary>An application submitted five weeks before <paramref name="approvedAt"/>, audited without findings and approved then.</summary>
    private static async Task IssueAsync(DemoContext context, DemoOrganization organization, string program, DateTimeOffset approvedAt)
    {
        var auditor = context.Cast.Auditor;
        var started = approvedAt.AddDays(-37);
        var id = await context.SubmittedAsync(organization, program, started);
        await context.AssignAsync(id, auditor, started.AddDays(5));
        await context.AssessAsync(id, auditor, context.CriteriaOf(program).Select(c => (c, AssessmentResult.Conforms, "Checked against the evidence; conforms.")), started.AddDays(15));
        await context.RecommendAsync(id, auditor, true, "All criteria conform; recommended for approval.", started.AddDays(20));
        await context.DecideAsync(id, true, "Audit result confirmed.", approvedAt);
    }
}
