using SealService.Domain;

namespace SealService.Demo.Stages;

/// <summary>
/// Demo applications on the certification body's side for every program, weeks in the making: one in audit (assigned to the
/// demo auditor, half of the criteria assessed), one waiting for the applicant's changes, one recommended for approval and
/// one rejected by the certifier.
/// </summary>
public sealed class AuditDemoStage : IDemoStage
{
    private const string Consistent = "Declaration and evidence are consistent.";

    public int Order => 20;

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var targets = new[]
        {
            (Organization: context.Cast.GermanOrganizations[1], Program: "smig"),
            (Organization: context.Cast.GermanOrganizations[2], Program: "shig"),
            (Organization: context.Cast.RwandanOrganizations[1], Program: "rwts"),
        };
        var now = context.Now;
        var auditor = context.Cast.Auditor;
        // Each program's applications are a few days apart, so the queues show different waiting times, due dates and overdue rows.
        foreach (var (i, (organization, program)) in targets.Index())
        {
            var criteria = context.CriteriaOf(program);

            var submitted = now.AddDays(-(40 + 5 * i));
            var inAudit = await context.SubmittedAsync(organization, program, submitted);
            await context.AssignAsync(inAudit, auditor, submitted.AddDays(4));
            await context.AssessAsync(inAudit, auditor, criteria.Take(criteria.Count / 2).Select(c => (c, AssessmentResult.Conforms, Consistent)), submitted.AddDays(7));

            submitted = now.AddDays(-(20 + 3 * i));
            var questioned = await context.SubmittedAsync(organization, program, submitted);
            await context.AssignAsync(questioned, auditor, submitted.AddDays(4));
            await context.AssessAsync(questioned, auditor, [(criteria[0], AssessmentResult.MinorNonconformity, "The evidence does not show where development takes place.")], submitted.AddDays(8));
            await context.RequestChangesAsync(questioned, auditor,
                new Dictionary<string, string> { [criteria[0]] = "Please upload a current document that shows the address of the development team." }, submitted.AddDays(8));

            submitted = now.AddDays(-(18 + 8 * i));
            var recommended = await context.SubmittedAsync(organization, program, submitted);
            await context.AssignAsync(recommended, auditor, submitted.AddDays(4));
            await context.AssessAsync(recommended, auditor, criteria.Select(c => (c, AssessmentResult.Conforms, Consistent)), submitted.AddDays(10));
            await context.RecommendAsync(recommended, auditor, true, "All criteria conform; the evidence is current and consistent with the declarations.", submitted.AddDays(11));

            submitted = now.AddDays(-75);
            var rejected = await context.SubmittedAsync(organization, program, submitted);
            await context.AssignAsync(rejected, auditor, submitted.AddDays(4));
            await context.AssessAsync(rejected, auditor, criteria.Select(c => c == criteria[^1]
                ? (c, AssessmentResult.MajorNonconformity, "The declared reference customer could not confirm the product's use.")
                : (c, AssessmentResult.Conforms, Consistent)), submitted.AddDays(9));
            await context.RecommendAsync(rejected, auditor, false, "A major nonconformity: a mandatory criterion is not met.", submitted.AddDays(10));
            await context.DecideAsync(rejected, false, "A major nonconformity remains open; the product does not meet the program's requirements.", submitted.AddDays(13));
        }
    }
}
