using Bogus;
using Microsoft.AspNetCore.Identity;
using SealService.Admin;
using SealService.Apply;
using SealService.Audit;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;

namespace SealService.Demo;

/// <summary>
/// Creates realistic demo organizations, users in every role and applications for all programs, from a fixed Bogus
/// seed so every developer sees the same data. Every step goes through the service a person's page would call, on a clock
/// turned back to when that person acted (<see cref="ShiftedTimeProvider"/>). Idempotent: a second run finds the demo admin
/// and changes nothing.
/// </summary>
public sealed class DemoSeeder(IServiceScopeFactory scopes, UserManager<AppUser> users, TimeProvider time, ShiftedTimeProvider clock, IEnumerable<IDemoStage> stages)
    : ISampleData
{
    public const string DemoPassword = "Demo-Seal-2026";
    public const string AdminEmail = "admin@demo.sealservice.test";
    public const string CertifierEmail = "certifier@demo.sealservice.test";
    public const string AuditorEmail = "auditor@demo.sealservice.test";
    public const string SecondAuditorEmail = "auditor2@demo.sealservice.test";
    public const string ApplicantEmail = "applicant@demo.sealservice.test";
    public const string RwandaApplicantEmail = "applicant.rw@demo.sealservice.test";

    /// <summary>How long before the seeding the demo organizations registered: before their oldest (now expired) seals.</summary>
    private const int OrganizationsRegisteredMonthsAgo = 15;

    private const int Seed = 20261122;

    async Task<SampleDataResult> ISampleData.CreateAsync(CancellationToken ct)
    {
        var report = await SeedAsync(ct);
        return new SampleDataResult(report.Created, DemoPassword, report.Logins);
    }

    public async Task<DemoReport> SeedAsync(CancellationToken ct = default)
    {
        if (await users.FindByEmailAsync(AdminEmail) is not null)
        {
            return new DemoReport(false, Logins());
        }

        if (!ReferenceEquals(time, clock))
        {
            throw new InvalidOperationException(
                $"The demo runs on its own clock, but the host's TimeProvider is another one: call {nameof(DemoRegistration.AddSealServiceDemo)} after the last TimeProvider registration.");
        }

        // Every stage agrees before the first demo account exists: a refusal half-way would leave the published logins behind.
        foreach (var stage in stages)
        {
            stage.EnsureAllowed();
        }

        Randomizer.Seed = new Random(Seed);
        var now = clock.GetUtcNow();
        await CreateStaffAsync(AdminEmail, "Ada Admin", Roles.Admin, now);
        var certifier = await CreateStaffAsync(CertifierEmail, "Clara Certifier", Roles.Certifier, now);
        var auditor = await CreateStaffAsync(AuditorEmail, "Anton Auditor", Roles.Auditor, now);
        await CreateStaffAsync(SecondAuditorEmail, "Amani Auditor", Roles.Auditor, now);

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
        var germanProfiles = germanCompanies.Generate(4);
        var rwandanProfiles = rwandanCompanies.Generate(2);

        var registered = now.AddMonths(-OrganizationsRegisteredMonthsAgo);
        var german = new List<DemoOrganization>
        {
            await RegisterAsync(ApplicantEmail, "Paula Produkt", germanProfiles[0], registered),
        };
        for (var i = 1; i < germanProfiles.Count; i++)
        {
            german.Add(await RegisterAsync($"applicant{i + 1}@demo.sealservice.test", new Faker("de").Name.FullName(), germanProfiles[i], registered.AddDays(i)));
        }

        var rwandan = new List<DemoOrganization>
        {
            await RegisterAsync(RwandaApplicantEmail, "Jean Habimana", rwandanProfiles[0], registered.AddDays(7)),
            await RegisterAsync("applicant.rw2@demo.sealservice.test", new Faker("en").Name.FullName(), rwandanProfiles[1], registered.AddDays(8)),
        };

        var context = new DemoContext(scopes, clock, new DemoCast(certifier, auditor, german, rwandan), products, ct);
        foreach (var (organization, program) in new[] { (german[0], "smig"), (german[0], "shig"), (rwandan[0], "rwts") })
        {
            await context.StartAsync(organization, program, DemoAnswers.Half, now.AddDays(-3));
        }

        foreach (var stage in stages.OrderBy(s => s.Order))
        {
            await stage.SeedAsync(context);
        }

        await context.AtAsync(now, services =>
        {
            services.GetRequiredService<AuditTrail>().Record(Actor.System, "demo.seeded", "System", "demo", after: new { organizations = german.Count + rwandan.Count });
            return services.GetRequiredService<AppDbContext>().SaveChangesAsync(ct);
        });
        return new DemoReport(true, Logins());
    }

    public static IReadOnlyList<string> Logins() =>
    [
        $"{AdminEmail} (Admin)", $"{CertifierEmail} (Certifier)", $"{AuditorEmail} (Auditor)", $"{SecondAuditorEmail} (Auditor)",
        $"{ApplicantEmail} (Applicant, German company)", $"{RwandaApplicantEmail} (Applicant, Rwandan company)",
    ];

    private Task<DemoPerson> CreateStaffAsync(string email, string name, string role, DateTimeOffset at) =>
        AtAsync(at, async services => await PersonAsync(services, await CreateUserAsync(services, email, name, role)));

    /// <summary>An applicant signs up and registers their organization, as on the Apply/Organization page.</summary>
    private Task<DemoOrganization> RegisterAsync(string email, string name, OrganizationProfile profile, DateTimeOffset at) =>
        AtAsync(at, async services =>
        {
            var user = await CreateUserAsync(services, email, name, Roles.Applicant);
            var organization = await services.GetRequiredService<OrganizationMembership>().CreateAsync(profile, user, (await PersonAsync(services, user)).Actor);
            return new DemoOrganization(organization.Id, organization.LegalName, organization.Country, organization.Website, await PersonAsync(services, user));
        });

    private async Task<T> AtAsync<T>(DateTimeOffset at, Func<IServiceProvider, Task<T>> step)
    {
        using var shift = clock.ShiftTo(at);
        await using var scope = scopes.CreateAsyncScope();
        return await step(scope.ServiceProvider);
    }

    private static async Task<AppUser> CreateUserAsync(IServiceProvider services, string email, string name, string role)
    {
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
        var result = await users.CreateAsync(user, DemoPassword);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo user {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }

        await users.AddToRoleAsync(user, role);
        return user;
    }

    private static async Task<DemoPerson> PersonAsync(IServiceProvider services, AppUser user)
    {
        // The domain's view of the account (roles and organization from the database), as a signed-in page would have it.
        var actor = await services.GetRequiredService<StaffDirectory>().ActorAsync(user.Id)
            ?? throw new InvalidOperationException($"Demo user {user.Email} is missing.");
        return new DemoPerson(user.Id, user.Email!, user.DisplayName, actor);
    }

    private static string Slug(string name) =>
        new string(name.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).ToArray()) is { Length: > 0 } s ? s : "company";
}

public sealed record DemoReport(bool Created, IReadOnlyList<string> Logins);
