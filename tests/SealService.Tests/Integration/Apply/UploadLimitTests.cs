using System.Net;
using System.Net.Http.Headers;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

public sealed class QuotaFactory : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:MaxUploadMegabytes"] = "1",
        ["Storage:OrganizationQuotaMegabytes"] = "1",
    };
}

/// <summary>Oversize uploads get a message with the limit; removed evidence leaves the disk; an organization's evidence has a quota.</summary>
public sealed class UploadLimitTests(QuotaFactory factory) : IClassFixture<QuotaFactory>
{
    private static byte[] PdfOf(int bytes) => [.. "%PDF-1.4\n"u8, .. new byte[bytes - 9]];

    [Fact]
    public async Task Evidence_far_over_the_limit_gets_413_with_a_page_naming_the_limit()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        var filesBefore = ApplyTestData.StoredEvidenceFiles(factory);

        var response = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "huge.pdf", PdfOf(3 * 1024 * 1024));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var page = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("1 MB", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Something went wrong", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(filesBefore, ApplyTestData.StoredEvidenceFiles(factory));
    }

    [Fact]
    public async Task A_verify_upload_over_its_limit_gets_413_naming_144_KB()
    {
        var client = factory.CreateBrowserClient();
        var token = (await client.GetDocumentAsync("/Verify/Upload")).AntiforgeryToken()!;
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(new byte[200 * 1024]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, "PayloadFile", "payload.json" },
            { new ByteArrayContent(new byte[10]) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } }, "SignatureFile", "signature.der" },
        };

        var response = await client.PostAsync(new Uri("/Verify/Upload", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("144 KB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removed_evidence_is_deleted_from_disk_and_the_quota_counts_what_is_stored()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        var filesBefore = ApplyTestData.StoredEvidenceFiles(factory);

        Assert.Equal(HttpStatusCode.Redirect, (await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "first.pdf", PdfOf(600 * 1024))).StatusCode);
        Assert.Equal(filesBefore.Length + 1, ApplyTestData.StoredEvidenceFiles(factory).Length);

        // 1.2 MB would exceed the organization's 1 MB.
        var refused = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "second.pdf", PdfOf(600 * 1024));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        var message = (await HtmlForms.ParseAsync(await refused.Content.ReadAsStringAsync())).QuerySelector("#error-summary")!.TextContent;
        Assert.Contains("storage of 1 MB is full", message, StringComparison.Ordinal);

        var removed = await client.SubmitFormAsync($"/Apply/Application/{id}/Criterion/SMIG-HQ", new Dictionary<string, string>(), "form#declaration-form", "button.remove-evidence");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal(filesBefore, ApplyTestData.StoredEvidenceFiles(factory));

        // The space is free again: remove-and-upload-again has a limit, but not a leak.
        Assert.Equal(HttpStatusCode.Redirect, (await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "second.pdf", PdfOf(600 * 1024))).StatusCode);
    }
}
