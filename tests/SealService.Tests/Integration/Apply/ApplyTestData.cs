using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Bogus;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Apply;
using SealService.Data;
using SealService.Demo;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

/// <summary>Builders for the applicant tests: organizations, signed-in members, applications in a given state, evidence bytes.</summary>
public static class ApplyTestData
{
    private static readonly Faker Faker = new("de") { Random = new Randomizer(3003) };

    public static Organization NewOrganization(bool member = false) =>
        Organization.Create(new OrganizationProfile(Faker.Company.CompanyName() + " GmbH", "GmbH", $"HRB {Faker.Random.Number(10000, 99999)}", "DE",
            Faker.Address.StreetAddress(), "10115", "Berlin", "https://www.example.com", Faker.Name.FullName(), "kontakt@example.com", member), DateTimeOffset.UtcNow);

    public static Actor ActorOf(AppUser user, string role = Roles.Applicant) =>
        new(user.Id, user.DisplayName, user.OrganizationId, new HashSet<string>([role]));

    public static async Task<(AppUser User, Organization Organization, HttpClient Client)> SignedInApplicantAsync(SealServiceFactory factory, bool member = false)
    {
        var organization = NewOrganization(member);
        var user = await factory.CreateUserAsync(Roles.Applicant, organization);
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);
        return (user, organization, client);
    }

    public static Task<Guid> StartAsync(SealServiceFactory factory, AppUser user, string program = "smig") =>
        factory.WithScopeAsync(async sp =>
        {
            var application = await sp.GetRequiredService<ApplicationWorkflow>().StartAsync(program, new ProductInfo("Prüfprodukt", "1.0", "Test product", null), ActorOf(user));
            return application.Id;
        });

    /// <summary>Answers every criterion and attaches a PDF wherever evidence is required, except the ones listed.</summary>
    public static Task CompleteAsync(SealServiceFactory factory, AppUser user, Guid applicationId, params string[] leaveOpen) =>
        factory.WithScopeAsync(async sp =>
        {
            var workflow = sp.GetRequiredService<ApplicationWorkflow>();
            var store = sp.GetRequiredService<EvidenceStore>();
            var actor = ActorOf(user);
            var application = (await workflow.FindForMemberAsync(applicationId, actor))!;
            foreach (var criterion in workflow.CatalogOf(application).Criteria.Where(c => !leaveOpen.Contains(c.Id)))
            {
                await workflow.DeclareAsync(application, criterion.Id, DeclarationAnswer.Met, $"We meet {criterion.Id}.", actor);
                if (criterion.EvidenceRequired)
                {
                    var pdf = Pdf();
                    await store.AddAsync(application, criterion.Id, "nachweis.pdf", pdf.Length, new MemoryStream(pdf), null, actor);
                }
            }
        });

    public static Task SubmitAsync(SealServiceFactory factory, AppUser user, Guid applicationId) =>
        factory.WithScopeAsync(async sp =>
        {
            var workflow = sp.GetRequiredService<ApplicationWorkflow>();
            var actor = ActorOf(user);
            await workflow.SubmitAsync((await workflow.FindForMemberAsync(applicationId, actor))!, "Greta Geschäftsführerin", "Geschäftsführerin", "de", actor);
        });

    public static Task<SealApplication> LoadAsync(SealServiceFactory factory, Guid applicationId) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AsNoTracking()
            .Include(a => a.Declarations).Include(a => a.Evidence).Include(a => a.Revisions).Include(a => a.ChangeRequests)
            .AsSplitQuery().SingleAsync(a => a.Id == applicationId));

    public static byte[] Pdf() => DemoEvidence.Pdf("test evidence");

    public static byte[] Png() => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];

    public static byte[] OfficeZip(string part)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var writer = new StreamWriter(zip.CreateEntry(part).Open());
            writer.Write("<xml/>");
        }

        return buffer.ToArray();
    }

    public static string[] StoredEvidenceFiles(SealServiceFactory factory) =>
        Directory.Exists(Path.Combine(factory.DataDirectory, "evidence"))
            ? Directory.GetFiles(Path.Combine(factory.DataDirectory, "evidence"))
            : [];

    /// <summary>Posts the evidence upload form of a criterion page as multipart/form-data with the page's antiforgery token.</summary>
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid applicationId, string criterionId, string fileName, byte[] content, string? validUntil = null,
        IDictionary<string, string>? typed = null)
    {
        var url = $"/Apply/Application/{applicationId}/Criterion/{criterionId}";
        var page = await client.GetDocumentAsync(url);
        var form = page.QuerySelector<IHtmlFormElement>("form#declaration-form") ?? throw new InvalidOperationException("No declaration form.");
        var uploadButton = page.QuerySelector<IHtmlButtonElement>("button#upload-evidence") ?? throw new InvalidOperationException("No upload button.");
        using var multipart = new MultipartFormDataContent();
        multipart.Add(new StringContent(form.QuerySelector<IHtmlInputElement>("input[name=__RequestVerificationToken]")!.Value), "__RequestVerificationToken");
        if (validUntil is not null)
        {
            multipart.Add(new StringContent(validUntil), "validUntil");
        }

        foreach (var (name, value) in typed ?? new Dictionary<string, string>())
        {
            multipart.Add(new StringContent(value), name);
        }

        if (fileName.Length == 0)
        {
            return await client.PostAsync(new Uri(uploadButton.GetAttribute("formaction")!, UriKind.Relative), multipart);
        }

        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        multipart.Add(file, "upload", fileName);
        return await client.PostAsync(new Uri(uploadButton.GetAttribute("formaction")!, UriKind.Relative), multipart);
    }

    public static async Task<string> TextAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
