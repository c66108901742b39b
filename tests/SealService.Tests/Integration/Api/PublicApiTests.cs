using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using SealVerifier;
using SealService.Certify;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Api;

public sealed class PublicApiTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    private static readonly string[] CertificateProperties =
        ["serial", "status", "statusSince", "statusReason", "holder", "product", "program", "validFrom", "validUntil", "issuer", "verificationUrl", "checkedAt"];

    [Fact]
    public async Task Openapi_document_describes_the_endpoints_and_the_certificate_schema_a_real_answer_matches()
    {
        var client = factory.CreateClient();
        using var document = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/openapi.json", UriKind.Relative)));
        var root = document.RootElement;
        var paths = root.GetProperty("paths");
        foreach (var path in new[] { "/api/v1/certificates/{serial}", "/api/v1/verify", "/api/v1/registry" })
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"{path} is not in the OpenAPI document.");
            Assert.True(item.TryGetProperty("get", out _));
        }

        var getCertificate = paths.GetProperty("/api/v1/certificates/{serial}").GetProperty("get").GetProperty("responses");
        Assert.True(getCertificate.TryGetProperty("404", out _));
        var reference = getCertificate.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString()!;
        var schema = root.GetProperty("components").GetProperty("schemas").GetProperty(reference.Split('/')[^1]);
        var required = schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ToHashSet();
        var properties = schema.GetProperty("properties");

        var seal = await factory.Issuer.IssueAsync(factory);
        var response = await client.GetAsync(new Uri($"/api/v1/certificates/{seal.Serial}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        foreach (var name in CertificateProperties)
        {
            Assert.Contains(name, required);
            Assert.True(properties.TryGetProperty(name, out _), $"{name} is not in the schema.");
            Assert.True(answer.RootElement.TryGetProperty(name, out _), $"{name} is not in the answer.");
        }

        Assert.All(answer.RootElement.EnumerateObject(), p => Assert.True(properties.TryGetProperty(p.Name, out _), $"{p.Name} is answered but not described."));
        foreach (var paths2 in new[] { "/api/v1/verify", "/api/v1/registry" })
        {
            Assert.True(paths.GetProperty(paths2).GetProperty("get").GetProperty("responses").GetProperty("200").TryGetProperty("content", out _));
        }
    }

    [Fact]
    public async Task Certificate_answer_carries_the_signed_details_and_is_revalidated_by_caches()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var client = factory.CreateClient();
        var response = await client.GetAsync(new Uri($"/api/v1/certificates/{seal.Serial.ToLowerInvariant().Replace("-", "", StringComparison.Ordinal)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cache = response.Headers.CacheControl!;
        Assert.True(cache.Public);
        Assert.True(cache.NoCache && response.Headers.ETag is not null, $"{cache}");

        var json = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(seal.Serial, json.GetProperty("serial").GetString());
        Assert.Equal("active", json.GetProperty("status").GetString());
        Assert.Equal(seal.HolderName, json.GetProperty("holder").GetProperty("name").GetString());
        Assert.Equal("DE", json.GetProperty("holder").GetProperty("country").GetString());
        Assert.Equal("smig", json.GetProperty("program").GetProperty("id").GetString());
        Assert.Equal(TestSealIssuer.IssuerName, json.GetProperty("issuer").GetProperty("name").GetString());
        Assert.Equal(factory.Issuer.KeyId, json.GetProperty("issuer").GetProperty("keyId").GetString());
        Assert.Equal(seal.QrUrl.Replace("HTTPS://SEALS.EXAMPLE.ORG", TestSealIssuer.PublicBaseUrl, StringComparison.Ordinal), json.GetProperty("verificationUrl").GetString());
    }

    [Fact]
    public async Task Bad_and_unknown_serials_are_problem_details()
    {
        var client = factory.CreateClient();
        var bad = await client.GetAsync(new Uri("/api/v1/certificates/NOT-A-SERIAL", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);

        var unknown = await client.GetAsync(new Uri($"/api/v1/certificates/{Serial.New("SHIG").Value}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType!.MediaType);
        Assert.Equal("Unknown certificate", (await unknown.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());

        var nothing = await client.GetAsync(new Uri("/api/v1/verify", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Equal("application/problem+json", nothing.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Verify_endpoint_gives_the_statement_of_a_scanned_url()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var client = factory.CreateClient();
        var json = await client.GetFromJsonAsync<JsonElement>("/api/v1/verify?url=" + Uri.EscapeDataString(seal.QrUrl));
        Assert.Equal("valid", json.GetProperty("verdict").GetString());
        Assert.True(json.GetProperty("isValid").GetBoolean());
        Assert.Equal(seal.Serial, json.GetProperty("claims").GetProperty("serial").GetString());
        Assert.Equal("active", json.GetProperty("status").GetProperty("state").GetString());
        Assert.NotEmpty(json.GetProperty("reasons").EnumerateArray());

        var forged = await client.GetFromJsonAsync<JsonElement>("/api/v1/verify?url=" + Uri.EscapeDataString(seal.QrUrl[..^4] + "AAAA"));
        Assert.Contains(forged.GetProperty("verdict").GetString(), new[] { "badSignature", "malformed" });
        Assert.Equal(JsonValueKind.Null, forged.GetProperty("claims").ValueKind);
    }

    [Fact]
    public async Task Registry_lists_active_seals_and_hides_revoked_unless_asked()
    {
        var marker = "Registry" + Guid.NewGuid().ToString("N")[..8];
        var active = await factory.Issuer.IssueAsync(factory, productName: marker + " Active");
        var revoked = await factory.Issuer.IssueAsync(factory, productName: marker + " Revoked", programId: "shig");
        await Verify.SealStatesFixture.ChangeStatusAsync(factory, revoked.Serial, SealService.Certify.StatusChange.Revoke, SealService.Domain.StatusChangeReason.HolderRequest, "");

        var client = factory.CreateClient();
        var page = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registry?q={marker}");
        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(active.Serial, item.GetProperty("serial").GetString());
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        Assert.StartsWith(TestSealIssuer.PublicBaseUrl + "/V/", item.GetProperty("verificationUrl").GetString(), StringComparison.Ordinal);

        var all = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registry?q={marker}&includeInactive=true");
        Assert.Equal(2, all.GetProperty("total").GetInt32());
        var filtered = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registry?q={marker}&includeInactive=true&program=shig");
        Assert.Equal("revoked", Assert.Single(filtered.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Registry_page_pages_by_twenty_and_links_to_the_verifier()
    {
        var marker = "Paged" + Guid.NewGuid().ToString("N")[..8];
        for (var i = 0; i < 21; i++)
        {
            await factory.Issuer.IssueAsync(factory, productName: $"{marker} {i:00}", country: "RW", programId: "rwts");
        }

        var client = factory.CreateBrowserClient();
        var first = await client.GetDocumentAsync($"/Registry?q={marker}&country=RW&program=rwts");
        Assert.Equal(20, first.QuerySelectorAll("#registry tbody tr").Length);
        var link = first.QuerySelector("#registry tbody tr a")!.GetAttribute("href")!;
        Assert.StartsWith("/Verify?serial=", link, StringComparison.Ordinal);
        var next = first.QuerySelector("a[rel=next]")!.GetAttribute("href")!;
        var second = await client.GetDocumentAsync(next);
        Assert.Single(second.QuerySelectorAll("#registry tbody tr"));
        var none = await client.GetDocumentAsync($"/Registry?q={marker}&country=DE");
        Assert.Empty(none.QuerySelectorAll("#registry tbody tr"));
    }
}
