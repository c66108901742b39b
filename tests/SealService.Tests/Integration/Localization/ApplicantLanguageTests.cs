using System.Net;
using SealService.Tests.Integration.Apply;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Localization;

/// <summary>The applicant pages and the registry read in French and Kinyarwanda when the browser asks for them.</summary>
public sealed class ApplicantLanguageTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Theory]
    [InlineData("fr", "Mes demandes", "Prêt à soumettre\u00a0?", "Registre des produits certifiés")]
    [InlineData("rw", "Ubusabe bwanjye", "Witeguye kohereza?", "Urutonde rw'ibicuruzwa byemejwe")]
    public async Task Applicant_pages_and_registry_follow_the_browser_language(string language, string applyHeading, string readinessHeading, string registryHeading)
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var index = await client.GetDocumentAsync("/Apply");
        Assert.Equal(language, index.DocumentElement.GetAttribute("lang"));
        Assert.Equal(applyHeading, index.QuerySelector("h1")!.TextContent.Trim());

        var application = await client.GetDocumentAsync($"/Apply/Application/{id}");
        Assert.Equal(readinessHeading, application.QuerySelector("#readiness h2")!.TextContent.Trim());
        Assert.DoesNotContain("Still missing before you can submit", application.Body!.TextContent, StringComparison.Ordinal);

        var anonymous = factory.CreateBrowserClient();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await anonymous.GetAsync(new Uri("/Registry", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var registry = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(language, registry.DocumentElement.GetAttribute("lang"));
        Assert.Equal(registryHeading, registry.QuerySelector("h1")!.TextContent.Trim());
    }
}
