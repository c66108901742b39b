using Bogus;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SealService.Admin;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Programs;

namespace SealService.Data.Demo;

/// <summary>
/// Creates realistic demo organizations, users in every role and applications for all programs, from a fixed Bogus
/// seed so every developer sees the same data. Idempotent: a second run finds the demo admin and changes nothing.
/// </summary>
public sealed class DemoSeeder(AppDbContext db, UserManager<AppUser> users, SealProgramCatalog programs, TimeProvider time, AuditTrail audit, IEnumerable<IDemoStage> stages)
{
    public const string DemoPassword = "Demo-Seal-2026";
    public const string AdminEmail = "admin@demo.sealservice.test";
    public const string CertifierEmail = "certifier@demo.sealservice.test";
    public const string AuditorEmail = "auditor@demo.sealservice.test";
    public const string SecondAuditorEmail = "auditor2@demo.sealservice.test";
    public const string ApplicantEmail = "applicant@demo.sealservice.test";
    public const string RwandaApplicantEmail = "applicant.rw@demo.sealservice.test";

    private const int Seed = 20261122;

    public async Task<bool> IsDatabaseEmptyAsync() => !await db.Users.AnyAsync() && !await db.Organizations.AnyAsync();

    public async Task<DemoReport> SeedAsync(CancellationToken ct = default)
    {
        if (await users.FindByEmailAsync(AdminEmail) is not null)
        {
            return new DemoReport(false, Logins());
        }

        // Every stage agrees before the first demo account exists: a refusal half-way would leave the published logins behind.
        foreach (var stage in stages)
        {
            stage.EnsureAllowed();
        }

        Randomizer.Seed = new Random(Seed);
        var now = time.GetUtcNow();
        await CreateUserAsync(AdminEmail, "Ada Admin", Roles.Admin, null);
        await CreateUserAsync(CertifierEmail, "Clara Certifier", Roles.Certifier, null);
        await CreateUserAsync(AuditorEmail, "Anton Auditor", Roles.Auditor, null);
        await CreateUserAsync(SecondAuditorEmail, "Amani Auditor", Roles.Auditor, null);

        var germanCompanies = new Faker<OrganizationProfile>("de")
            .CustomInstantiator(f =>
            {
                var name = f.Company.CompanyName();
                var domain = Slug(name) + ".example";
                return new OrganizationProfile(name + " GmbH", "GmbH", $"HRB {f.Random.Number(10000, 299999)}", "DE", f.Address.StreetAddress(),
                    f.Address.ZipCode("#####"), f.Address.City(), $"https://www.{domain}", f.Name.FullName(), $"kontakt@{domain}", f.Random.Bool(0.4f));
            });
        var rwandanCompanies = new Faker<OrganizationProfile>("en")
            .CustomInstantiator(f =>
            {
                var name = f.PickRandom("Ikaze", "Umuhanda", "Inyange", "Kigali", "Isoko", "Akagera", "Nyungwe", "Imena") + " " + f.PickRandom("Tech", "Digital", "Software", "Systems", "Labs");
                var domain = Slug(name) + ".example";
                return new OrganizationProfile(name + " Ltd", "Ltd", $"RDB-{f.Random.Number(100000000, 199999999)}", "RW", $"KG {f.Random.Number(1, 700)} St",
                    "", "Kigali", $"https://www.{domain}", f.Name.FullName(), $"info@{domain}", false);
            });
        var products = new Faker("en");

        var germanOrgs = germanCompanies.Generate(4).Select(p => Organization.Create(p, now)).ToList();
        var rwandanOrgs = rwandanCompanies.Generate(2).Select(p => Organization.Create(p, now)).ToList();
        db.Organizations.AddRange(germanOrgs);
        db.Organizations.AddRange(rwandanOrgs);
        await db.SaveChangesAsync(ct);

        var applicant = await CreateUserAsync(ApplicantEmail, "Paula Produkt", Roles.Applicant, germanOrgs[0].Id);
        var rwApplicant = await CreateUserAsync(RwandaApplicantEmail, "Jean Habimana", Roles.Applicant, rwandanOrgs[0].Id);
        var colleagues = new List<AppUser> { applicant, rwApplicant };
        for (var i = 1; i < germanOrgs.Count; i++)
        {
            colleagues.Add(await CreateUserAsync($"applicant{i + 1}@demo.sealservice.test", new Faker("de").Name.FullName(), Roles.Applicant, germanOrgs[i].Id));
        }

        colleagues.Add(await CreateUserAsync("applicant.rw2@demo.sealservice.test", new Faker("en").Name.FullName(), Roles.Applicant, rwandanOrgs[1].Id));

        var context = new DemoContext(db, programs, time, audit, germanOrgs, rwandanOrgs, colleagues, products, ct);
        foreach (var (org, program) in new[] { (germanOrgs[0], "smig"), (germanOrgs[0], "shig"), (rwandanOrgs[0], "rwts") })
        {
            var user = colleagues.First(u => u.OrganizationId == org.Id);
            await context.StartDraftAsync(org, user, program, partlyAnswered: true);
        }

        foreach (var stage in stages.OrderBy(s => s.Order))
        {
            await stage.SeedAsync(context);
        }

        audit.Record(Actor.System, "demo.seeded", "System", "demo", after: new { organizations = germanOrgs.Count + rwandanOrgs.Count });
        await db.SaveChangesAsync(ct);
        return new DemoReport(true, Logins());
    }

    public static IReadOnlyList<string> Logins() =>
    [
        $"{AdminEmail} (Admin)", $"{CertifierEmail} (Certifier)", $"{AuditorEmail} (Auditor)", $"{SecondAuditorEmail} (Auditor)",
        $"{ApplicantEmail} (Applicant, German company)", $"{RwandaApplicantEmail} (Applicant, Rwandan company)",
    ];

    private async Task<AppUser> CreateUserAsync(string email, string name, string role, Guid? organizationId)
    {
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, OrganizationId = organizationId };
        var result = await users.CreateAsync(user, DemoPassword);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo user {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
        return user;
    }

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) is { Length: > 0 } s ? s : "company";
}

public sealed record DemoReport(bool Created, IReadOnlyList<string> Logins);

/// <summary>A later step of the demo data (audits, certificates, ...), contributed by a feature; runs in <see cref="Order"/>.</summary>
public interface IDemoStage
{
    int Order { get; }

    /// <summary>Throws when this stage must not run here (e.g. it would sign with keys that are not throwaway ones).</summary>
    void EnsureAllowed()
    {
    }

    Task SeedAsync(DemoContext context);
}

/// <summary>What demo stages share: the organizations and users created so far and helpers to build applications.</summary>
public sealed class DemoContext(AppDbContext db, SealProgramCatalog programs, TimeProvider time, AuditTrail audit,
    IReadOnlyList<Organization> germanOrganizations, IReadOnlyList<Organization> rwandanOrganizations, IReadOnlyList<AppUser> applicants, Faker faker, CancellationToken ct)
{
    public AppDbContext Db => db;
    public SealProgramCatalog Programs => programs;
    public TimeProvider Time => time;
    public AuditTrail Audit => audit;
    public IReadOnlyList<Organization> GermanOrganizations => germanOrganizations;
    public IReadOnlyList<Organization> RwandanOrganizations => rwandanOrganizations;
    public IReadOnlyList<AppUser> Applicants => applicants;
    public Faker Faker => faker;
    public CancellationToken CancellationToken => ct;

    /// <summary>
    /// The same context on a clock <paramref name="ago"/> behind, so demo applications are submitted, assessed and
    /// recommended on different past days and the queues show real waiting times and due dates, not all "today".
    /// </summary>
    public DemoContext Ago(TimeSpan ago) =>
        new(db, programs, new ShiftedTimeProvider(time, -ago), audit, germanOrganizations, rwandanOrganizations, applicants, faker, ct);

    public static Actor ActorFor(AppUser user, string role) =>
        new(user.Id, user.DisplayName, user.OrganizationId, new HashSet<string>([role]));

    /// <summary>Starts an application with plausible declarations; all mandatory answers filled unless <paramref name="partlyAnswered"/>.</summary>
    public async Task<SealApplication> StartDraftAsync(Organization organization, AppUser user, string programId, bool partlyAnswered)
    {
        ArgumentNullException.ThrowIfNull(organization);
        ArgumentNullException.ThrowIfNull(user);
        var catalog = programs.FindProgram(programId)?.Current ?? throw new InvalidOperationException($"Program {programId} is not loaded.");
        var actor = ActorFor(user, Roles.Applicant);
        var now = time.GetUtcNow();
        var product = new ProductInfo(faker.Commerce.ProductName() + " " + faker.PickRandom("Cloud", "Suite", "ERP", "CRM", "Portal"),
            $"{faker.Random.Number(1, 9)}.{faker.Random.Number(0, 20)}", faker.Company.CatchPhrase(), organization.Website);
        var application = SealApplication.Start(organization, catalog, product, actor, now);
        var criteria = catalog.Criteria.OrderBy(c => c.Order).ToList();
        var count = partlyAnswered ? criteria.Count / 2 : criteria.Count;
        foreach (var criterion in criteria.Take(count))
        {
            application.Declare(criterion.Id, DeclarationAnswer.Met, DemoExplanation(criterion, organization), actor, now);
        }

        db.Applications.Add(application);
        audit.Record(actor, "application.started", nameof(SealApplication), application.Id.ToString(), after: new { application.ProgramId, application.ProductName });
        await db.SaveChangesAsync(ct);
        return application;
    }

    private string DemoExplanation(Criterion criterion, Organization organization) =>
        $"{organization.LegalName}: {criterion.Requirement.In("en")} {faker.Lorem.Sentence(12)}";
}
