using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Apply;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

/// <summary>Real users and applications in the test host's database, built through the domain.</summary>
public sealed class AuditScenario(SealServiceFactory factory)
{
    public SealServiceFactory Factory => factory;

    public ApplicationTestData Data { get; } = new(factory.Time.GetUtcNow());

    public static Actor ActorOf(AppUser user, params string[] roles) => new(user.Id, user.DisplayName, user.OrganizationId, new HashSet<string>(roles));

    public async Task<(Organization Organization, AppUser Applicant)> NewApplicantAsync()
    {
        var organization = Data.NewOrganization();
        var applicant = await factory.CreateUserAsync(Roles.Applicant, organization);
        return (organization, applicant);
    }

    /// <summary>Builds an application with <paramref name="build"/> and stores it; returns its id.</summary>
    public async Task<Guid> StoreAsync(Func<ApplicationTestData, SealApplication> build)
    {
        Data.Now = factory.Time.GetUtcNow();
        var application = build(Data);
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Applications.Add(application);
            await db.SaveChangesAsync();
        });
        return application.Id;
    }

    /// <summary>Loads the stored application, changes it through the domain and saves it.</summary>
    public Task ChangeAsync(Guid id, Action<SealApplication, ApplicationTestData> change) =>
        factory.WithScopeAsync(async sp =>
        {
            Data.Now = factory.Time.GetUtcNow();
            var application = await sp.GetRequiredService<ApplicationStore>().LoadAsync(id) ?? throw new InvalidOperationException("No such application.");
            change(application, Data);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

    public Task<SealApplication> LoadAsync(Guid id) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return await db.Applications.AsNoTracking().Include(a => a.Assessments).Include(a => a.ChangeRequests).Include(a => a.Revisions)
                .Include(a => a.Declarations).Include(a => a.Evidence).AsSplitQuery().FirstAsync(a => a.Id == id);
        });

    public Task<List<AuditLogEntry>> AuditEntriesAsync(Guid id) =>
        factory.WithScopeAsync(async sp =>
        {
            var key = id.ToString();
            return await sp.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking().Where(e => e.EntityId == key).OrderBy(e => e.Sequence).ToListAsync();
        });

    public async Task<HttpClient> SignedInAsync(AppUser user) => await factory.CreateBrowserClient().SignInAsync(user.Email!);

    /// <summary>An antiforgery token for the signed-in user, taken from a page everyone can open.</summary>
    public static async Task<string> TokenAsync(HttpClient client)
    {
        var document = await client.GetDocumentAsync("/");
        return document.AntiforgeryToken() ?? throw new InvalidOperationException("No antiforgery token on the start page.");
    }

    public static async Task<string> FollowAsync(HttpClient client, HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetDocumentAsync(response.Headers.Location!.OriginalString);
        return page.DocumentElement.OuterHtml;
    }

    public static string? ErrorNotice(IHtmlDocument document) => document.QuerySelector(".notice.error")?.TextContent.Trim();
}
