using System.Net;
using SealService.Domain;
using SealService.Tests.Integration.Audit;
using SealService.Tests.Integration.Renewal;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Certify;

/// <summary>Issue 12 items 1-3 for certifiers: a way to suspension and revocation, no preselected decision, no lost reason.</summary>
public sealed class CertifierPagesTests(DecisionFactory factory) : IClassFixture<DecisionFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    [Fact]
    public async Task Navigation_and_the_decisions_queue_lead_to_the_certificates_and_an_issued_application_names_its_certificate()
    {
        var issued = await RenewalScenario.IssuedAsync(factory);
        var client = await _scenario.SignedInAsync(await factory.CreateUserAsync(Roles.Certifier));

        var queue = await client.GetDocumentAsync("/Certify");
        Assert.NotNull(queue.QuerySelector("nav.main-nav a[href='/Certify/Certificates']"));
        Assert.NotNull(queue.QuerySelector("main a[href='/Certify/Certificates']"));

        var application = await client.GetDocumentAsync($"/Certify/Application/{issued.ApplicationId}");
        var certificate = application.QuerySelector("#issued-certificate");
        Assert.True(certificate is not null, "The issued application does not name its certificate.");
        Assert.Contains(issued.Certificate.Serial, certificate.TextContent, StringComparison.Ordinal);
        var link = certificate.QuerySelector("a#open-certificate")!.GetAttribute("href")!;
        Assert.Equal($"/Certify/Certificate/{issued.Certificate.Serial}", link);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri(link, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task No_decision_is_preselected_and_a_post_without_one_keeps_the_reason_and_says_so_at_the_field()
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var auditor = await factory.CreateUserAsync(Roles.Auditor);
        var id = await _scenario.StoreAsync(d => d.Recommended(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), AuditScenario.ActorOf(auditor, Roles.Auditor), true));
        var client = await _scenario.SignedInAsync(await factory.CreateUserAsync(Roles.Certifier));

        var page = await client.GetDocumentAsync($"/Certify/Application/{id}");
        Assert.Empty(page.QuerySelectorAll("#decision-form input[type=radio][checked]"));

        var response = await client.PostAsync(new Uri($"/Certify/Application/{id}?handler=Decide", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = page.AntiforgeryToken()!,
            ["Decision.Reason"] = "Everything checked twice.",
            ["Decision.ChecklistDigest"] = page.QuerySelector("input[name='Decision.ChecklistDigest']")!.GetAttribute("value")!,
            ["Decision.ConcurrencyStamp"] = page.QuerySelector("input[name='Decision.ConcurrencyStamp']")!.GetAttribute("value")!,
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal("Everything checked twice.", after.QuerySelector("#decision-reason")!.TextContent);
        var radio = after.QuerySelector("#decide-approve")!;
        Assert.Equal("true", radio.GetAttribute("aria-invalid"));
        var error = after.GetElementById(radio.GetAttribute("aria-describedby")!)!;
        Assert.Contains("approve or reject", error.TextContent, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Recommended, (await _scenario.LoadAsync(id)).Status);
    }
}
