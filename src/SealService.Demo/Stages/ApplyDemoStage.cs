namespace SealService.Demo.Stages;

/// <summary>
/// Demo applications for every program: one complete draft (all criteria answered, evidence attached, not submitted) and
/// one submitted with attestation and frozen snapshot a few weeks ago, so auditors have something waiting in their queue.
/// </summary>
public sealed class ApplyDemoStage : IDemoStage
{
    public int Order => 10;

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var german = context.Cast.GermanOrganizations;
        var rwandan = context.Cast.RwandanOrganizations;
        var now = context.Now;
        foreach (var (organization, program, daysAgo) in new[] { (german[1], "smig", 12), (german[2], "shig", 9), (rwandan[1], "rwts", 6) })
        {
            var started = now.AddDays(-daysAgo);
            var id = await context.StartAsync(organization, program, DemoAnswers.All, started);
            await context.AddEvidenceAsync(organization, id, started.AddHours(2));
        }

        foreach (var (organization, program, daysAgo) in new[] { (german[0], "smig", 30), (german[3], "shig", 24), (rwandan[0], "rwts", 18) })
        {
            await context.SubmittedAsync(organization, program, now.AddDays(-daysAgo));
        }
    }
}
