using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Verify;

public sealed class LandingPageTests(SealStatesFixture seals) : IClassFixture<SealStatesFixture>
{
    public static TheoryData<string, string, string, string> Words => new()
    {
        { "valid", "en", "Valid", "This seal is genuine and valid." },
        { "valid", "de", "Gültig", "Dieses Siegel ist echt und gültig." },
        { "valid", "fr", "Valide", "Ce label est authentique et valide." },
        { "valid", "rw", "Gifite agaciro", "Iki kirango ni icy'ukuri kandi gifite agaciro." },
        { "expired", "en", "Expired", "This seal is genuine, but it expired on" },
        { "expired", "de", "Abgelaufen", "Dieses Siegel ist echt, aber es ist am" },
        { "expired", "fr", "Expiré", "Ce label est authentique, mais il a expiré le" },
        { "expired", "rw", "Cyarangiye igihe", "Iki kirango ni icy'ukuri, ariko cyarangiye igihe ku wa" },
        { "suspended", "en", "Suspended", "the certification body suspended it on" },
        { "suspended", "de", "Ausgesetzt", "die Zertifizierungsstelle hat es am" },
        { "suspended", "fr", "Suspendu", "l'organisme de certification l'a suspendu le" },
        { "suspended", "rw", "Cyahagaritswe by'agateganyo", "rwagihagaritse by'agateganyo ku wa" },
        { "revoked", "en", "Revoked", "the certification body revoked it on" },
        { "revoked", "de", "Widerrufen", "die Zertifizierungsstelle hat es am" },
        { "revoked", "fr", "Révoqué", "l'organisme de certification l'a révoqué le" },
        { "revoked", "rw", "Cyambuwe agaciro", "rwacyambuye agaciro ku wa" },
        { "not-genuine", "en", "Not genuine", "This seal could not be verified — it may be forged." },
        { "not-genuine", "de", "Nicht echt", "Dieses Siegel konnte nicht bestätigt werden – es ist möglicherweise gefälscht." },
        { "not-genuine", "fr", "Non authentique", "Ce label n'a pas pu être vérifié — il est peut-être contrefait." },
        { "not-genuine", "rw", "Si icy'ukuri", "Iki kirango ntigishoboye kwemezwa — gishobora kuba ari icy'impimbano." },
    };

    [Theory]
    [MemberData(nameof(Words))]
    public async Task Landing_page_says_the_state_in_the_readers_language(string state, string language, string headline, string sentence)
    {
        var (path, seal) = state switch
        {
            "valid" => (seals.Valid.LandingPath, seals.Valid),
            "expired" => (seals.Expired.LandingPath, seals.Expired),
            "suspended" => (seals.Suspended.LandingPath, seals.Suspended),
            "revoked" => (seals.Revoked.LandingPath, seals.Revoked),
            _ => (Tamper(seals.Valid.LandingPath), null),
        };
        var client = seals.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var verdict = document.QuerySelector("#verdict")!;
        Assert.Equal(state, verdict.GetAttribute("data-verdict"));
        Assert.Equal(headline, verdict.QuerySelector(".verdict-word")!.TextContent.Trim());
        Assert.Contains(sentence, verdict.TextContent, StringComparison.Ordinal);
        Assert.Equal(language, document.DocumentElement.GetAttribute("lang"));
        Assert.Contains("seals.example.org", document.QuerySelector("#host-check")!.TextContent, StringComparison.Ordinal);
        if (seal is null)
        {
            Assert.Null(document.QuerySelector("#holder-name"));
        }
        else
        {
            // The full legal name from the signed payload, not the QR code's shortened one.
            Assert.Equal(seal.HolderName, document.QuerySelector("#holder-name")!.TextContent.Trim());
            Assert.Equal(seal.Serial, document.QuerySelector("#serial")!.TextContent.Trim());
            Assert.Equal(TestSealIssuer.IssuerName, document.QuerySelector("#issuer-name")!.TextContent.Trim());
        }
    }

    [Fact]
    public async Task Valid_seal_shows_product_program_and_validity()
    {
        var client = seals.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var document = await client.GetDocumentAsync(seals.Valid.LandingPath);
        Assert.StartsWith(seals.Valid.ProductName, document.QuerySelector("#product-name")!.TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal("Software Made in Germany", document.QuerySelector("#program-name")!.TextContent.Trim());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}$", document.QuerySelector("#valid-until")!.TextContent.Trim());
    }

    [Fact]
    public async Task Revoked_and_suspended_pages_give_the_date_and_the_reason()
    {
        var client = seals.CreateBrowserClient();
        var revoked = await client.GetDocumentAsync(seals.Revoked.LandingPath);
        var reason = revoked.QuerySelector("#status-reason")!.TextContent;
        Assert.Contains("Misuse of the seal", reason, StringComparison.Ordinal);
        Assert.Contains("Seal used on an uncertified product", reason, StringComparison.Ordinal);
        Assert.Matches(@"revoked it on \d{4}-\d{2}-\d{2}", revoked.QuerySelector("#verdict")!.TextContent);

        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var suspended = await client.GetDocumentAsync(seals.Suspended.LandingPath);
        Assert.Contains("Die Zertifizierungsgebühr wurde nicht bezahlt", suspended.QuerySelector("#status-reason")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "The seal is valid until", "The QR code was signed by")]
    [InlineData("de", "Das Siegel ist gültig bis", "Der QR-Code wurde von")]
    [InlineData("fr", "Le label est valide jusqu'au", "Le code QR a été signé par")]
    [InlineData("rw", "Ikirango gifite agaciro kugeza", "Kode ya QR yasinywe na")]
    public async Task Technical_details_are_in_the_readers_language(string language, string validity, string signedBy)
    {
        var client = seals.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var document = await client.GetDocumentAsync(seals.Valid.LandingPath);

        var details = document.QuerySelectorAll("details li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains(details, line => line.StartsWith(signedBy, StringComparison.Ordinal) && line.Contains(TestSealIssuer.IssuerName, StringComparison.Ordinal));
        Assert.Contains(details, line => line.StartsWith(validity, StringComparison.Ordinal));
        Assert.Null(document.QuerySelector("details li[lang]"));
        if (language != "en")
        {
            Assert.DoesNotContain(details, line => line.Contains("signed by", StringComparison.Ordinal) || line.Contains("valid until", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Technical_details_of_a_revoked_seal_give_the_reason_in_the_readers_language()
    {
        var client = seals.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var document = await client.GetDocumentAsync(seals.Revoked.LandingPath);

        var details = document.QuerySelectorAll("details li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Contains(details, line => line.StartsWith("Die Zertifizierungsstelle hat dieses Siegel am", StringComparison.Ordinal)
            && line.Contains("widerrufen: Missbrauch des Siegels: Seal used on an uncertified product", StringComparison.Ordinal));
        Assert.DoesNotContain(details, line => line.Contains("Misuse of the seal", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Landing_page_accepts_the_upper_case_qr_url_path_and_is_not_cached()
    {
        var client = seals.CreateBrowserClient();
        var path = new Uri(seals.Valid.QrUrl).AbsolutePath;
        Assert.StartsWith("/V/", path, StringComparison.Ordinal);
        var response = await client.GetAsync(new Uri(path.ToLowerInvariant()[..3] + path[3..], UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-cache", response.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        var document = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("valid", document.QuerySelector("#verdict")!.GetAttribute("data-verdict"));
    }

    [Fact]
    public async Task Garbage_in_the_url_is_not_genuine_rather_than_an_error()
    {
        var client = seals.CreateBrowserClient();
        var document = await client.GetDocumentAsync("/V/NOT-A-TOKEN-AT-ALL");
        Assert.Equal("not-genuine", document.QuerySelector("#verdict")!.GetAttribute("data-verdict"));
    }

    [Fact]
    public async Task Landing_page_is_small_and_has_no_scripts()
    {
        var client = seals.CreateBrowserClient();
        var html = await (await client.GetAsync(new Uri(seals.Valid.LandingPath, UriKind.Relative))).Content.ReadAsStringAsync();
        var document = await HtmlForms.ParseAsync(html);
        Assert.Empty(document.QuerySelectorAll("script"));
        Assert.True(html.Length < 16 * 1024, $"The landing page is {html.Length} bytes.");
        Assert.All(document.QuerySelectorAll("link[rel=stylesheet]"), l => Assert.StartsWith("/css/", l.GetAttribute("href"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Registry_leaves_out_expired_and_revoked_seals_unless_inactive_ones_are_asked_for()
    {
        var client = seals.CreateClient();
        foreach (var (seal, status, listed) in new[] { (seals.Valid, "active", true), (seals.Suspended, "suspended", true), (seals.Expired, "expired", false), (seals.Revoked, "revoked", false) })
        {
            var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/registry?q=" + Uri.EscapeDataString(seal.ProductName));
            Assert.Equal(listed ? 1 : 0, page.GetProperty("total").GetInt32());
            var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/registry?includeInactive=true&q=" + Uri.EscapeDataString(seal.ProductName));
            Assert.Equal(status, Assert.Single(all.GetProperty("items").EnumerateArray()).GetProperty("status").GetString());
        }
    }

    /// <summary>Changes one character in the signed part of the token.</summary>
    private static string Tamper(string path)
    {
        var chars = path.ToCharArray();
        var i = path.Length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }
}
