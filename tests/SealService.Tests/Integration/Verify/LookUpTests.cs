using System.Net;
using System.Net.Http.Headers;
using SealService.Tests.Support;
using SealVerifier;

namespace SealService.Tests.Integration.Verify;

public sealed class LookUpTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    [Fact]
    public async Task A_serial_typed_loosely_shows_the_same_verdict_as_the_qr_code()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var typed = seal.Serial.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();
        var document = await factory.CreateBrowserClient().GetDocumentAsync("/Verify?serial=" + Uri.EscapeDataString(typed));
        Assert.Equal("valid", document.QuerySelector("#verdict")!.GetAttribute("data-verdict"));
        Assert.Equal(seal.HolderName, document.QuerySelector("#holder-name")!.TextContent.Trim());
        Assert.Equal(seal.Serial, document.QuerySelector("#serial")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_one_character_typo_suggests_the_existing_serial()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var typo = OneTypo(seal.Serial);
        Assert.False(Serial.TryParse(typo, out _));

        var document = await factory.CreateBrowserClient().GetDocumentAsync("/Verify?serial=" + Uri.EscapeDataString(typo));
        var result = document.QuerySelector("#lookup-result")!;
        Assert.Equal("did-you-mean", result.GetAttribute("data-outcome"));
        var suggestion = Assert.Single(result.QuerySelectorAll(".suggestions a"));
        Assert.Equal(seal.Serial, suggestion.TextContent.Trim());
        Assert.Null(document.QuerySelector("#verdict"));
    }

    [Fact]
    public async Task A_well_formed_serial_that_was_never_issued_is_reported_clearly()
    {
        var unknown = Serial.New("SMIG").Value;
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var document = await client.GetDocumentAsync("/Verify?serial=" + unknown);
        var result = document.QuerySelector("#lookup-result")!;
        Assert.Equal("unknown", result.GetAttribute("data-outcome"));
        Assert.Contains($"Es gibt kein Zertifikat mit der Nummer {unknown}", result.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_not_a_serial_says_so()
    {
        var document = await factory.CreateBrowserClient().GetDocumentAsync("/Verify?serial=hello");
        Assert.Equal("not-a-serial", document.QuerySelector("#lookup-result")!.GetAttribute("data-outcome"));
    }

    [Fact]
    public async Task Uploading_the_signed_pair_says_valid_and_a_changed_payload_says_not_genuine()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var client = factory.CreateBrowserClient();

        var valid = await UploadAsync(client, seal.Payload, seal.Signature);
        Assert.Equal("valid", valid.QuerySelector("#verdict")!.GetAttribute("data-verdict"));
        Assert.Equal(seal.HolderName, valid.QuerySelector("#holder-name")!.TextContent.Trim());

        var changed = System.Text.Encoding.UTF8.GetBytes(System.Text.Encoding.UTF8.GetString(seal.Payload).Replace("Nordlicht", "Nordlichx", StringComparison.Ordinal));
        Assert.NotEqual(seal.Payload, changed);
        var forged = await UploadAsync(client, changed, seal.Signature);
        Assert.Equal("not-genuine", forged.QuerySelector("#verdict")!.GetAttribute("data-verdict"));
        Assert.Null(forged.QuerySelector("#holder-name"));
    }

    [Fact]
    public async Task Upload_refuses_files_over_64_kilobytes()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var document = await UploadAsync(factory.CreateBrowserClient(), new byte[(64 * 1024) + 1], seal.Signature);
        Assert.Null(document.QuerySelector("#verdict"));
        Assert.Contains("larger than 64 KB", document.QuerySelector(".validation-summary-errors")!.TextContent, StringComparison.Ordinal);
    }

    private static async Task<AngleSharp.Html.Dom.IHtmlDocument> UploadAsync(HttpClient client, byte[] payload, byte[] signature)
    {
        var page = await client.GetDocumentAsync("/Verify/Upload");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(page.AntiforgeryToken()!), "__RequestVerificationToken" },
        };
        var payloadContent = new ByteArrayContent(payload);
        payloadContent.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(payloadContent, "PayloadFile", "payload.json");
        form.Add(new ByteArrayContent(signature), "SignatureFile", "signature.der");
        var response = await client.PostAsync(new Uri("/Verify/Upload", UriKind.Relative), form);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html[..Math.Min(500, html.Length)]);
        return await HtmlForms.ParseAsync(html);
    }

    /// <summary>Replaces one character of the random part with another, which the check character always detects.</summary>
    private static string OneTypo(string serial)
    {
        var position = serial.IndexOf('-', StringComparison.Ordinal) + 2;
        var current = serial[position];
        var replacement = Alphabet[(Alphabet.IndexOf(current, StringComparison.Ordinal) + 7) % Alphabet.Length];
        return serial[..position] + replacement + serial[(position + 1)..];
    }
}
