using System.Net;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Issuance;

/// <summary>
/// Issue 12 item 5: the printed certificate is offered in each of its program's languages (?lang=, linked from the holder's
/// certificate page; the signed original's language by default) and the badge speaks the reader's language.
/// </summary>
public sealed class CertificateLanguageTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>, IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("sealservice-languages-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Theory]
    [InlineData("", "Valid", "The software product")]
    [InlineData("?lang=fr", "Validité", "Le logiciel")]
    [InlineData("?lang=rw", "Igihe gifite agaciro", "Porogaramu")]
    [InlineData("?lang=de", "Gültig", "Das Softwareprodukt")]
    public async Task The_PDF_is_printed_in_each_of_the_programs_languages(string query, string validity, string scope)
    {
        var (application, organization, _, certifier) = await IssuedCertificates.ApprovedAsync(factory, "rwts");
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);

        var response = await factory.CreateClient().GetAsync(new Uri($"/certificates/{certificate.Serial}/certificate.pdf{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var expectedFile = query.Length == 0 ? $"{certificate.Serial}.pdf" : $"{certificate.Serial}-{query[^2..]}.pdf";
        Assert.Equal(expectedFile, response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var text = await PdfTextAsync(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(validity, text, StringComparison.Ordinal);
        Assert.Contains($"{scope} {certificate.ProductName}", text, StringComparison.Ordinal);
        Assert.Contains(organization.LegalName, text, StringComparison.Ordinal);
        // A translation says so; the signed original (English for this program) does not.
        Assert.Equal(query.Length > 0, text.Contains("English", StringComparison.Ordinal) || text.Contains("anglais", StringComparison.Ordinal)
            || text.Contains("Englisch", StringComparison.Ordinal) || text.Contains("Icyongereza", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("xx")]
    public async Task A_language_the_program_does_not_offer_is_a_clear_404(string language)
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory, "smig");
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);

        var response = await factory.CreateClient().GetAsync(new Uri($"/certificates/{certificate.Serial}/certificate.pdf?lang={language}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("offered in: de, en", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_holders_page_links_the_PDF_in_each_language_the_signed_original_first()
    {
        var (application, _, applicant, certifier) = await IssuedCertificates.ApprovedAsync(factory, "rwts");
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var member = factory.CreateBrowserClient();
        await member.SignInAsync(applicant.Email!);

        var page = await member.GetDocumentAsync($"/Apply/Certificate/{certificate.Serial}");

        var links = page.QuerySelectorAll("#pdf-languages a").Select(a => (Href: a.GetAttribute("href"), Language: a.GetAttribute("hreflang"), Text: a.TextContent.Trim())).ToList();
        Assert.Equal(["en", "fr", "rw", "de"], links.Select(l => l.Language));
        Assert.Equal($"/certificates/{certificate.Serial}/certificate.pdf", links[0].Href);
        Assert.Equal($"/certificates/{certificate.Serial}/certificate.pdf?lang=fr", links[1].Href);
        Assert.Equal("Download PDF (Français)", links[1].Text);
        foreach (var link in links)
        {
            Assert.Equal(HttpStatusCode.OK, (await member.GetAsync(new Uri(link.Href!, UriKind.Relative))).StatusCode);
        }
    }

    [Theory]
    [InlineData("de", "gültig bis")]
    [InlineData("en", "valid until")]
    [InlineData("fr", "valide jusqu&apos;au")]
    [InlineData("rw", "gifite agaciro kugeza")]
    public async Task The_badge_is_in_the_readers_language(string language, string validUntil)
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory, "smig");
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var response = await client.GetAsync(new Uri($"/certificates/{certificate.Serial}/badge.svg", UriKind.Relative));

        var svg = await response.Content.ReadAsStringAsync();
        Assert.Contains(validUntil, svg, StringComparison.Ordinal);
        Assert.Contains($"lang=\"{language}\"", svg, StringComparison.Ordinal);
        Assert.Contains("Accept-Language", response.Headers.Vary);
        Assert.True(response.Headers.CacheControl?.NoCache == true && response.Headers.ETag is not null);
    }

    [Fact]
    public async Task The_badge_takes_an_explicit_language_and_otherwise_the_certificates_own()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory, "smig");
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var client = factory.CreateClient();

        Assert.Contains("gültig bis", await client.GetStringAsync(new Uri($"/certificates/{certificate.Serial}/badge.svg", UriKind.Relative)), StringComparison.Ordinal);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        Assert.Contains("valide jusqu&apos;au", await client.GetStringAsync(new Uri($"/certificates/{certificate.Serial}/badge.svg?lang=fr", UriKind.Relative)), StringComparison.Ordinal);
    }

    private async Task<string> PdfTextAsync(byte[] pdf)
    {
        var file = Path.Combine(_work, $"{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        var (exit, output, error) = await ExternalTool.RunAsync("pdftotext", file, "-");
        Assert.True(exit == 0, $"pdftotext failed (test.sh installs poppler-utils): {error}");
        return string.Join(' ', output.Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries));
    }
}
