using System.Security.Cryptography;
using System.Text;
using Bogus;
using SealService.Apply;
using SealService.Audit;
using SealService.Domain;
using SealService.Programs;

namespace SealService.Tests.Support;

/// <summary>
/// Builds applications through the domain, the way the applicant and the certification body move them along, so every
/// state in tests is one the state machine can really reach.
/// </summary>
public sealed class ApplicationTestData
{
    private static readonly Lazy<SealProgramCatalog> LoadedPrograms = new(() =>
        new SealProgramCatalog(CatalogLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "Programs"))));

    private readonly Faker _faker = new("en") { Random = new Randomizer(4711) };
    private readonly Dictionary<Guid, Organization> _organizations = [];

    public ApplicationTestData(DateTimeOffset? now = null)
    {
        Now = now ?? new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    }

    public static SealProgramCatalog Programs => LoadedPrograms.Value;

    public DateTimeOffset Now { get; set; }

    public CriteriaCatalog Catalog(string programId = "smig") => Programs.FindProgram(programId)!.Current;

    public Organization NewOrganization()
    {
        var organization = Organization.Create(new OrganizationProfile(_faker.Company.CompanyName() + " GmbH", "GmbH", "HRB " + _faker.Random.Number(10000, 99999), "DE",
            _faker.Address.StreetAddress(), "10115", "Berlin", null, _faker.Name.FullName(), "contact@example.org", false), Now);
        _organizations[organization.Id] = organization;
        return organization;
    }

    public static Actor ApplicantOf(Organization organization, string? userId = null) =>
        new(userId ?? "applicant-" + organization.Id.ToString("N")[..8], "Applicant", organization.Id, new HashSet<string>([Roles.Applicant]));

    public static Actor Staff(string userId, params string[] roles) => new(userId, userId, null, new HashSet<string>(roles));

    public static Actor Auditor(string userId = "auditor-1") => Staff(userId, Roles.Auditor);

    public static Actor Certifier(string userId = "certifier-1") => Staff(userId, Roles.Certifier);

    public SealApplication Draft(Organization organization, Actor applicant, string programId = "smig")
    {
        ArgumentNullException.ThrowIfNull(organization);
        _organizations[organization.Id] = organization;
        var catalog = Catalog(programId);
        var application = SealApplication.Start(organization, catalog, new ProductInfo(_faker.Commerce.ProductName(), "1.0", "A product", null), applicant, Now);
        foreach (var criterion in catalog.Criteria)
        {
            application.Declare(criterion.Id, DeclarationAnswer.Met, "Declared: " + _faker.Lorem.Sentence(), applicant, Now);
            if (criterion.EvidenceRequired)
            {
                AddEvidence(application, criterion.Id, applicant);
            }
        }

        return application;
    }

    public EvidenceFile AddEvidence(SealApplication application, string criterionId, Actor applicant)
    {
        var content = Encoding.UTF8.GetBytes($"{criterionId} {Guid.NewGuid()}");
        var file = new EvidenceFile(application.Id, criterionId, criterionId.ToLowerInvariant() + ".pdf", Guid.NewGuid().ToString("N"), "application/pdf",
            content.Length, Convert.ToHexStringLower(SHA256.HashData(content)), DateOnly.FromDateTime(Now.UtcDateTime).AddYears(1), applicant, Now);
        application.AddEvidence(file, applicant, Now);
        return file;
    }

    /// <summary>Submits with the real snapshot (the organizations this instance made or saw in <see cref="Draft"/>).</summary>
    public void Submit(SealApplication application, Actor applicant)
    {
        var catalog = Programs.Get(application.ProgramId, application.CatalogVersion);
        var organization = application.Organization ?? _organizations[application.OrganizationId];
        var (snapshot, digest) = ApplicationSnapshot.Build(application, organization, catalog, application.CurrentRevision + 1);
        application.Submit(catalog, new Attestation("Maria Muster", "CEO", catalog.Attestation.In("en")), snapshot, digest, applicant, Now);
    }

    public SealApplication Submitted(Organization organization, Actor applicant, string programId = "smig")
    {
        var application = Draft(organization, applicant, programId);
        Submit(application, applicant);
        return application;
    }

    public SealApplication InAudit(Organization organization, Actor applicant, Actor auditor, string programId = "smig")
    {
        var application = Submitted(organization, applicant, programId);
        application.AssignAuditor(auditor, auditor, Now);
        return application;
    }

    public void AssessAll(SealApplication application, Actor auditor, AssessmentResult result = AssessmentResult.Conforms, string? onlyMajor = null)
    {
        foreach (var declaration in application.Declarations)
        {
            var major = declaration.CriterionId == onlyMajor;
            var reviewed = application.Evidence.Where(e => e.CriterionId == declaration.CriterionId && e.IsCurrent).Select(e => e.Sha256);
            application.Assess(declaration.CriterionId, major ? AssessmentResult.MajorNonconformity : result,
                major || result is AssessmentResult.MinorNonconformity or AssessmentResult.MajorNonconformity ? "Finding: not met." : "Fine.", reviewed, auditor, Now);
        }
    }

    public SealApplication ChangesRequested(Organization organization, Actor applicant, Actor auditor, string programId = "smig")
    {
        var application = InAudit(organization, applicant, auditor, programId);
        application.RequestChanges(new Dictionary<string, string> { [application.Evidence[0].CriterionId] = "Please explain." }, auditor, Now);
        return application;
    }

    public SealApplication Recommended(Organization organization, Actor applicant, Actor auditor, bool approve = true, string programId = "smig")
    {
        var application = InAudit(organization, applicant, auditor, programId);
        AssessAll(application, auditor);
        application.Recommend(approve, "Summary of the audit.", AuditChecklist.ComputeDigest(application), auditor, Now);
        return application;
    }

    public SealApplication Decided(Organization organization, Actor applicant, Actor auditor, Actor certifier, bool approve)
    {
        var application = Recommended(organization, applicant, auditor, approve);
        var digest = AuditChecklist.ComputeDigest(application);
        application.Decide(approve, "Reason for the decision.", digest, digest, certifier, Now);
        return application;
    }
}
