using System.Globalization;
using System.Text;
using Bogus;
using SealService.Apply;
using SealService.Audit;
using SealService.Certify;
using SealService.Domain;
using SealService.Programs;

namespace SealService.Demo;

/// <summary>A later step of the demo data (audits, certificates, ...); runs in <see cref="Order"/>.</summary>
public interface IDemoStage
{
    int Order { get; }

    /// <summary>Throws when this stage must not run here (e.g. it would sign with keys that are not throwaway ones).</summary>
    void EnsureAllowed()
    {
    }

    Task SeedAsync(DemoContext context);
}

/// <summary>A demo account and the actor the domain sees for it (roles and organization from the database).</summary>
public sealed record DemoPerson(string UserId, string Email, string Name, Actor Actor);

/// <summary>A demo applicant organization and the member who acts for it.</summary>
public sealed record DemoOrganization(Guid Id, string LegalName, string Country, string? Website, DemoPerson Member);

/// <summary>The people who act in the demo data: the certification body's certifier and auditor, and the applicant organizations.</summary>
public sealed record DemoCast(DemoPerson Certifier, DemoPerson Auditor,
    IReadOnlyList<DemoOrganization> GermanOrganizations, IReadOnlyList<DemoOrganization> RwandanOrganizations)
{
    public DemoOrganization Organization(Guid id) =>
        GermanOrganizations.Concat(RwandanOrganizations).FirstOrDefault(o => o.Id == id) ?? throw new InvalidOperationException($"Organization {id} is not a demo organization.");
}

/// <summary>How many of a new application's criteria the applicant answers at once.</summary>
public enum DemoAnswers
{
    Half,
    All,
}

/// <summary>
/// What demo stages share: the cast, and each step a person takes on a page, done through the same application service
/// that page calls, in its own scope (as a request would be), at the moment it happened.
/// </summary>
public sealed class DemoContext(IServiceScopeFactory scopes, ShiftedTimeProvider clock, DemoCast cast, Faker faker, CancellationToken ct)
{
    public DemoCast Cast => cast;

    public CancellationToken CancellationToken => ct;

    /// <summary>Now on the host's clock (outside <see cref="AtAsync{T}"/>): the moment the demo data is created.</summary>
    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>Runs <paramref name="step"/> in a fresh scope with the clock at <paramref name="at"/>.</summary>
    public async Task<T> AtAsync<T>(DateTimeOffset at, Func<IServiceProvider, Task<T>> step)
    {
        ArgumentNullException.ThrowIfNull(step);
        using var shift = clock.ShiftTo(at);
        await using var scope = scopes.CreateAsyncScope();
        return await step(scope.ServiceProvider);
    }

    public Task AtAsync(DateTimeOffset at, Func<IServiceProvider, Task> step) =>
        AtAsync(at, async services =>
        {
            await step(services);
            return true;
        });

    /// <summary>The applicant starts an application with plausible declarations (Apply/New, then Apply/Criterion per answer).</summary>
    public Task<Guid> StartAsync(DemoOrganization organization, string programId, DemoAnswers answers, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return AtAsync(at, async services =>
        {
            var workflow = services.GetRequiredService<ApplicationWorkflow>();
            var actor = organization.Member.Actor;
            var product = new ProductInfo(faker.Commerce.ProductName() + " " + faker.PickRandom("Cloud", "Suite", "ERP", "CRM", "Portal"),
                $"{faker.Random.Number(1, 9)}.{faker.Random.Number(0, 20)}", faker.Company.CatchPhrase(), organization.Website);
            var application = await workflow.StartAsync(programId, product, actor, ct);
            var criteria = workflow.CatalogOf(application).Criteria.OrderBy(c => c.Order).ToList();
            foreach (var criterion in criteria.Take(answers == DemoAnswers.All ? criteria.Count : criteria.Count / 2))
            {
                await workflow.DeclareAsync(application, criterion.Id, DeclarationAnswer.Met,
                    $"{organization.LegalName}: {criterion.Requirement.In("en")} {faker.Lorem.Sentence(12)}", actor, ct);
            }

            return application.Id;
        });
    }

    /// <summary>The applicant uploads a PDF for every criterion that needs evidence, valid for a year from <paramref name="at"/>.</summary>
    public Task AddEvidenceAsync(DemoOrganization organization, Guid applicationId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return AtAsync(at, async services =>
        {
            var workflow = services.GetRequiredService<ApplicationWorkflow>();
            var application = await LoadAsync(workflow, organization, applicationId);
            foreach (var criterion in workflow.CatalogOf(application).Criteria.Where(c => c.EvidenceRequired))
            {
                var pdf = DemoEvidence.Pdf($"{criterion.Id}: {criterion.Title.In("en")} - {organization.LegalName}");
                using var stream = new MemoryStream(pdf);
                await services.GetRequiredService<EvidenceStore>().AddAsync(application, criterion.Id, $"{criterion.Id.ToLowerInvariant()}-evidence.pdf", pdf.Length, stream,
                    DateOnly.FromDateTime(at.UtcDateTime).AddYears(1), organization.Member.Actor, ct);
            }
        });
    }

    /// <summary>The applicant attests and submits (Apply/Submit).</summary>
    public Task SubmitAsync(DemoOrganization organization, Guid applicationId, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(organization);
        return AtAsync(at, async services =>
        {
            var workflow = services.GetRequiredService<ApplicationWorkflow>();
            var application = await LoadAsync(workflow, organization, applicationId);
            await workflow.SubmitAsync(application, organization.Member.Name, organization.Country == "RW" ? "Managing Director" : "Geschäftsführung",
                workflow.CatalogOf(application).DefaultLanguage, organization.Member.Actor, ct);
        });
    }

    /// <summary>A complete application with evidence, started at <paramref name="startedAt"/> and submitted two days later.</summary>
    public async Task<Guid> SubmittedAsync(DemoOrganization organization, string programId, DateTimeOffset startedAt)
    {
        var id = await StartAsync(organization, programId, DemoAnswers.All, startedAt);
        await AddEvidenceAsync(organization, id, startedAt.AddHours(3));
        await SubmitAsync(organization, id, startedAt.AddDays(2));
        return id;
    }

    /// <summary>A certifier assigns the auditor in the audit queue (Audit/Index).</summary>
    public Task AssignAsync(Guid applicationId, DemoPerson auditor, DateTimeOffset at) =>
        AtAsync(at, async services => Found(await services.GetRequiredService<AuditWorkflow>().AssignAsync(applicationId, auditor.UserId, cast.Certifier.Actor, ct), applicationId));

    /// <summary>The auditor assesses criteria on the checklist (Audit/Application), having reviewed the current evidence of each.</summary>
    public Task AssessAsync(Guid applicationId, DemoPerson auditor, IEnumerable<(string CriterionId, AssessmentResult Result, string Comment)> assessments, DateTimeOffset at) =>
        AtAsync(at, async services =>
        {
            var audits = services.GetRequiredService<AuditWorkflow>();
            var checklist = await audits.ChecklistAsync(applicationId, auditor.Actor, ct) ?? throw NotFound(applicationId);
            foreach (var (criterionId, result, comment) in assessments)
            {
                var reviewed = checklist.Items.Single(i => i.Criterion.Id == criterionId).Evidence.Select(e => e.Sha256).ToList();
                Found(await audits.AssessAsync(applicationId, new AssessmentInput(criterionId, result, comment, reviewed), auditor.Actor, ct), applicationId);
            }
        });

    /// <summary>The criteria of a program's current catalog, in catalog order.</summary>
    public IReadOnlyList<string> CriteriaOf(string programId)
    {
        using var scope = scopes.CreateScope();
        var catalog = scope.ServiceProvider.GetRequiredService<SealProgramCatalog>().FindProgram(programId)?.Current
            ?? throw new InvalidOperationException($"Program {programId} is not loaded.");
        return catalog.Criteria.OrderBy(c => c.Order).Select(c => c.Id).ToList();
    }

    public Task RequestChangesAsync(Guid applicationId, DemoPerson auditor, IReadOnlyDictionary<string, string> questions, DateTimeOffset at) =>
        AtAsync(at, async services => Found(await services.GetRequiredService<AuditWorkflow>().RequestChangesAsync(applicationId, questions, auditor.Actor, ct), applicationId));

    /// <summary>The auditor recommends (Audit/Recommend).</summary>
    public Task RecommendAsync(Guid applicationId, DemoPerson auditor, bool approve, string summary, DateTimeOffset at) =>
        AtAsync(at, async services => Found(await services.GetRequiredService<AuditWorkflow>().RecommendAsync(applicationId, approve, summary, auditor.Actor, ct), applicationId));

    /// <summary>
    /// The certifier decides on the checklist the page showed (Certify/Application). An approval issues the certificate
    /// through the approval follow-up, on the clock of <paramref name="at"/>, as the page would.
    /// </summary>
    public Task DecideAsync(Guid applicationId, bool approve, string reason, DateTimeOffset at) =>
        AtAsync(at, async services =>
        {
            var decisions = services.GetRequiredService<CertificationDecisions>();
            var view = await decisions.ViewAsync(applicationId, cast.Certifier.Actor, ct) ?? throw NotFound(applicationId);
            var input = new DecisionInput(approve, reason, view.Checklist.Digest, view.Application.ConcurrencyStamp);
            Found(await decisions.DecideAsync(applicationId, input, cast.Certifier.Actor, ct), applicationId);
        });

    private async Task<SealApplication> LoadAsync(ApplicationWorkflow workflow, DemoOrganization organization, Guid applicationId) =>
        await workflow.FindForMemberAsync(applicationId, organization.Member.Actor, ct) ?? throw NotFound(applicationId);

    private static void Found(bool found, Guid applicationId)
    {
        if (!found)
        {
            throw NotFound(applicationId);
        }
    }

    private static InvalidOperationException NotFound(Guid applicationId) => new($"Demo application {applicationId} is not visible to the demo actor.");
}

/// <summary>Evidence files for demo applications.</summary>
public static class DemoEvidence
{
    /// <summary>A one-page PDF with one line of text, small enough to build by hand with a correct cross-reference table.</summary>
    public static byte[] Pdf(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
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
