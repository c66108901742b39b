using System.Globalization;
using System.Text;
using SealService.Data.Demo;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;

namespace SealService.Apply;

/// <summary>
/// Demo applications for every program: one complete draft (all criteria answered, evidence attached, not submitted) and
/// one submitted with attestation and frozen snapshot, so auditors have something in their queue.
/// </summary>
public sealed class ApplyDemoStage(IServiceProvider services) : IDemoStage
{
    public int Order => 10;

    public async Task SeedAsync(DemoContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var german = context.GermanOrganizations;
        var rwandan = context.RwandanOrganizations;
        // Submitted applications wait a few days, a fortnight and past the audit target (ServiceTargets.Audit).
        var plan = new (Organization Organization, string Program, bool Submit, int DaysAgo)[]
        {
            (german[1], "smig", false, 0), (german[2], "shig", false, 0), (rwandan[1], "rwts", false, 0),
            (german[0], "smig", true, 3), (german[3], "shig", true, 14), (rwandan[0], "rwts", true, 33),
        };
        foreach (var (organization, program, submit, daysAgo) in plan)
        {
            // The real workflow and evidence store, on the demo's clock for that day.
            var then = context.Ago(TimeSpan.FromDays(daysAgo));
            var workflow = ActivatorUtilities.CreateInstance<ApplicationWorkflow>(services, then.Time);
            var evidence = ActivatorUtilities.CreateInstance<EvidenceStore>(services, then.Time);
            var user = context.Applicants.First(u => u.OrganizationId == organization.Id);
            var actor = DemoContext.ActorFor(user, Roles.Applicant);
            var application = await then.StartDraftAsync(organization, user, program, partlyAnswered: false);
            var catalog = workflow.CatalogOf(application);
            foreach (var criterion in catalog.Criteria.Where(c => c.EvidenceRequired))
            {
                var pdf = DemoPdf($"{criterion.Id}: {criterion.Title.In("en")} - {organization.LegalName}");
                using var stream = new MemoryStream(pdf);
                await evidence.AddAsync(application, criterion.Id, $"{criterion.Id.ToLowerInvariant()}-evidence.pdf", pdf.Length, stream,
                    DateOnly.FromDateTime(then.Time.GetUtcNow().UtcDateTime.AddYears(1)), actor, context.CancellationToken);
            }

            if (submit)
            {
                await workflow.SubmitAsync(application, user.DisplayName, organization.Country == "RW" ? "Managing Director" : "Geschäftsführung",
                    catalog.DefaultLanguage, actor, context.CancellationToken);
            }
        }
    }

    /// <summary>A one-page PDF with one line of text, small enough to build by hand with a correct cross-reference table.</summary>
    internal static byte[] DemoPdf(string line)
    {
        var safe = new string(line.Where(c => c is >= ' ' and <= '~' && c is not ('(' or ')' or '\\')).ToArray());
        var stream = $"BT /F1 12 Tf 50 780 Td (Demo evidence - {safe}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            $"<< /Length {stream.Length} >>\nstream\n{stream}\nendstream",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }
}
