using System.Net;

using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Programs;
using SealService.Tests.Support;

namespace SealService.Tests.Integration;

/// <summary>Issue 12 items 8 and 9: public program pages the home page links to, and sign-in that lands on the person's work.</summary>
public sealed class ProgramPagesTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task Home_page_cards_lead_to_a_page_per_program_with_criteria_fees_validity_languages_and_how_to_apply()
    {
        var client = factory.CreateBrowserClient();
        var home = await client.GetDocumentAsync("/");
        var links = home.QuerySelectorAll("article.program-card h3 a").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(3, links.Count);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Programs", UriKind.Relative))).StatusCode);

        var catalog = factory.Services.GetRequiredService<SealProgramCatalog>();
        foreach (var link in links)
        {
            var page = await client.GetDocumentAsync(link);
            var program = catalog.FindProgram(link["/Programs/".Length..])!.Current;
            Assert.Equal(program.Criteria.Count, page.QuerySelectorAll("#criteria li.criterion").Length);
            Assert.Contains($"{program.ValidityMonths} months", page.QuerySelector("#validity")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("English", page.QuerySelector("#languages")!.TextContent, StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("#fee")!.TextContent));
            Assert.NotNull(page.QuerySelector("#how-to-apply a[href='/Apply/New']"));
            Assert.Equal(program.IsDraft, page.QuerySelector("#draft-note") is not null);
        }

        var rwanda = await client.GetDocumentAsync("/Programs/rwts");
        Assert.NotNull(rwanda.QuerySelector("#draft-marker"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri("/Programs/nope", UriKind.Relative))).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Applicant, "/Apply")]
    [InlineData(Roles.Auditor, "/Audit")]
    [InlineData(Roles.Certifier, "/Certify")]
    [InlineData(Roles.Admin, "/Admin")]
    public async Task Sign_in_from_the_header_lands_on_the_persons_work(string role, string landing)
    {
        var organization = role == Roles.Applicant ? Organization.Create(new OrganizationProfile($"Landing {Guid.NewGuid():N}"[..20] + " GmbH", "GmbH", "HRB 1", "DE", "Weg 1", "10115", "Berlin",
            null, "Lena Lander", "info@landing.example", false), factory.Time.GetUtcNow()) : null;
        var user = await factory.CreateUserAsync(role, organization);
        var client = factory.CreateBrowserClient();
        var home = await client.GetDocumentAsync("/");
        var signIn = home.QuerySelectorAll("header a").First(a => a.TextContent.Trim() == "Sign in").GetAttribute("href")!;
        var response = await client.SubmitFormAsync(signIn, new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = SealServiceFactory.Password }, "form#account");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var next = await client.GetAsync(response.Headers.Location!);
        Assert.Equal(HttpStatusCode.Redirect, next.StatusCode);
        Assert.Equal(landing, next.Headers.Location!.OriginalString);
    }
}
