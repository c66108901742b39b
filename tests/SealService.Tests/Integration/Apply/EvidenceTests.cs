using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

/// <summary>A factory with a 1 MB upload limit so the size check can be exercised cheaply.</summary>
public sealed class SmallUploadFactory : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Storage:MaxUploadMegabytes"] = "1" };
}

public sealed class EvidenceTests(SmallUploadFactory factory) : IClassFixture<SmallUploadFactory>
{
    public static TheoryData<string, string, string> RefusedUploads => new()
    {
        { "too-large.pdf", "too large", "larger than 1 MB" },
        { "empty.pdf", "empty", "The file is empty." },
        { "image.pdf", "png", "is a PNG document" },
        { "notes.pdf", "text", "not a PDF, PNG, JPEG, DOCX or XLSX" },
        { "archive.docx", "zip", "not a PDF, PNG, JPEG, DOCX or XLSX" },
        { "sheet.docx", "xlsx", "is a XLSX document" },
    };

    [Theory]
    [MemberData(nameof(RefusedUploads))]
    public async Task Refused_uploads_leave_neither_a_row_nor_a_file(string fileName, string content, string message)
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        var bytes = content switch
        {
            "too large" => [.. "%PDF-1.4\n"u8, .. new byte[1024 * 1024]],
            "empty" => [],
            "png" => ApplyTestData.Png(),
            "text" => "just some text"u8.ToArray(),
            "zip" => ApplyTestData.OfficeZip("readme.txt"),
            "xlsx" => ApplyTestData.OfficeZip("xl/workbook.xml"),
            _ => throw new ArgumentOutOfRangeException(nameof(content)),
        };
        var filesBefore = ApplyTestData.StoredEvidenceFiles(factory);

        var response = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", fileName, bytes);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains(message, page.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Empty((await ApplyTestData.LoadAsync(factory, id)).Evidence);
        Assert.Equal(filesBefore, ApplyTestData.StoredEvidenceFiles(factory));
    }

    [Theory]
    [InlineData("nachweis.pdf", "application/pdf")]
    [InlineData("screenshot.PNG", "image/png")]
    [InlineData("bericht.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public async Task Accepted_upload_is_stored_outside_the_web_root_with_its_hash_and_downloads_for_members(string fileName, string contentType)
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        var bytes = contentType switch
        {
            "application/pdf" => ApplyTestData.Pdf(),
            "image/png" => ApplyTestData.Png(),
            _ => ApplyTestData.OfficeZip("word/document.xml"),
        };

        var response = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", fileName, bytes, "2027-03-31");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var file = Assert.Single((await ApplyTestData.LoadAsync(factory, id)).Evidence);
        Assert.Equal(contentType, file.ContentType);
        Assert.Equal(fileName, file.OriginalName);
        Assert.Equal(new DateOnly(2027, 3, 31), file.ValidUntil);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), file.Sha256);
        var stored = Path.Combine(factory.DataDirectory, "evidence", file.StoredName);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(stored));
        Assert.DoesNotContain(ApplyTestData.StoredEvidenceFiles(factory), f => Path.GetFileName(f).StartsWith(".upload-", StringComparison.Ordinal));

        var download = await client.GetAsync(new Uri($"/Apply/Evidence/{file.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(contentType, download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", Assert.Single(download.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        var recorded = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog
            .CountAsync(e => e.Action == "evidence.downloaded" && e.EntityId == file.Id.ToString() && e.ActorId == user.Id));
        Assert.Equal(1, recorded);
    }

    [Fact]
    public async Task Removing_evidence_keeps_the_row_for_history_but_takes_it_off_the_application()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        Assert.Equal(HttpStatusCode.Redirect, (await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "a.pdf", ApplyTestData.Pdf())).StatusCode);

        var response = await client.SubmitFormAsync($"/Apply/Application/{id}/Criterion/SMIG-HQ", new Dictionary<string, string>(), "form#declaration-form", "button.remove-evidence");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var file = Assert.Single((await ApplyTestData.LoadAsync(factory, id)).Evidence);
        Assert.False(file.IsCurrent);
        var page = await client.GetDocumentAsync($"/Apply/Application/{id}/Criterion/SMIG-HQ");
        Assert.NotNull(page.QuerySelector("#no-evidence"));
    }

    [Fact]
    public async Task Another_organizations_application_pages_evidence_and_downloads_answer_404()
    {
        var (owner, _, _) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, owner);
        await ApplyTestData.CompleteAsync(factory, owner, id);
        var evidenceId = (await ApplyTestData.LoadAsync(factory, id)).Evidence[0].Id;
        var (_, _, stranger) = await ApplyTestData.SignedInApplicantAsync(factory);

        foreach (var url in new[] { $"/Apply/Application/{id}", $"/Apply/Application/{id}/Criterion/SMIG-HQ", $"/Apply/Application/{id}/Submit", $"/Apply/Evidence/{evidenceId}" })
        {
            var response = await stranger.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url} answered {(int)response.StatusCode}");
        }

        var post = await stranger.SubmitFormAsync("/Apply/New", new Dictionary<string, string>(), "form#new-application-form");
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        var tokenPage = await stranger.GetDocumentAsync("/Apply/New");
        var declare = await stranger.PostAsync(new Uri($"/Apply/Application/{id}/Criterion/SMIG-HQ?handler=Save", UriKind.Relative), new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", tokenPage.AntiforgeryToken()!), new("Input.Answer", "NotMet"), new("Input.Explanation", "hijacked"),
        ]));
        Assert.Equal(HttpStatusCode.NotFound, declare.StatusCode);
        Assert.Equal("We meet SMIG-HQ.", (await ApplyTestData.LoadAsync(factory, id)).Declarations.Single(d => d.CriterionId == "SMIG-HQ").Explanation);
    }

    [Fact]
    public async Task Staff_route_serves_evidence_to_certifiers_and_the_assigned_auditor_only()
    {
        var (owner, _, _) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, owner);
        await ApplyTestData.CompleteAsync(factory, owner, id);
        await ApplyTestData.SubmitAsync(factory, owner, id);
        var evidenceId = (await ApplyTestData.LoadAsync(factory, id)).Evidence[0].Id;
        var url = new Uri($"/Audit/Evidence/{evidenceId}", UriKind.Relative);

        var certifier = await factory.CreateUserAsync(Roles.Certifier);
        var certifierClient = await factory.CreateBrowserClient().SignInAsync(certifier.Email!);
        Assert.Equal(HttpStatusCode.OK, (await certifierClient.GetAsync(url)).StatusCode);

        var auditor = await factory.CreateUserAsync(Roles.Auditor);
        var auditorClient = await factory.CreateBrowserClient().SignInAsync(auditor.Email!);
        Assert.Equal(HttpStatusCode.NotFound, (await auditorClient.GetAsync(url)).StatusCode);
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var application = await db.Applications.SingleAsync(a => a.Id == id);
            var actor = ApplyTestData.ActorOf(auditor, Roles.Auditor);
            application.AssignAuditor(actor, actor, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await auditorClient.GetAsync(url)).StatusCode);

        var ownerClient = await factory.CreateBrowserClient().SignInAsync(owner.Email!);
        var denied = await ownerClient.GetAsync(url);
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }
}
