using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SealService.Domain;
using SealService.Infrastructure.Localization;
using SealService.Tests.Integration.Apply;
using SealService.Tests.Integration.Audit;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Localization;

/// <summary>A refused business rule reaches the user in their language, numbers and statuses included; logs keep the English text.</summary>
public sealed class RefusalLanguageTests(SmallUploadFactory factory) : IClassFixture<SmallUploadFactory>
{
    [Theory]
    [InlineData("de", "Die Datei ist größer als 1 MB.")]
    [InlineData("fr", "Le fichier dépasse 1 Mo.")]
    [InlineData("rw", "Dosiye irenze MB 1.")]
    public async Task A_too_large_upload_is_refused_in_the_applicants_language(string language, string expected)
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var response = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "too-large.pdf", [.. "%PDF-1.4\n"u8, .. new byte[1024 * 1024]]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync())).QuerySelector("#error-summary")!.TextContent;
        Assert.Contains(expected, summary, StringComparison.Ordinal);
        Assert.DoesNotContain("larger than", summary, StringComparison.Ordinal);
        Assert.Empty((await ApplyTestData.LoadAsync(factory, id)).Evidence);
    }

    [Fact]
    public async Task The_conflict_of_interest_is_refused_in_german_for_a_german_certifier()
    {
        var scenario = new AuditScenario(factory);
        var (organization, applicantUser) = await scenario.NewApplicantAsync();
        var insider = await factory.CreateUserAsync(Roles.Auditor, organization);
        var certifierUser = await factory.CreateUserAsync(Roles.Certifier);
        var id = await scenario.StoreAsync(d => d.Submitted(organization, ApplicationTestData.ApplicantOf(organization, applicantUser.Id)));
        var certifier = await scenario.SignedInAsync(certifierUser);
        certifier.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var response = await certifier.SubmitFormAsync("/Audit", new Dictionary<string, string> { ["auditorId"] = insider.Id }, $"#assign-{id}", $"#assign-submit-{id}");

        var page = await AuditScenario.FollowAsync(certifier, response);
        Assert.Contains($"Interessenkonflikt: {insider.DisplayName} gehört zur antragstellenden Organisation und kann diesen Antrag nicht prüfen.", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Conflict of interest", page, StringComparison.Ordinal);
        Assert.Null((await scenario.LoadAsync(id)).AuditorId);
    }

    [Fact]
    public void Phrases_from_code_inside_a_refusal_are_translated_with_their_own_arguments()
    {
        var violation = new DomainRuleViolation("The certificate cannot be issued: {0}.",
            new List<RuleText> { new("the program's validity of {0} months is outside 1 to {1}", 0, 60), new("the scope is missing") });
        var text = factory.Services.GetRequiredService<UiText>();
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("de");
            Assert.Equal("Das Zertifikat kann nicht ausgestellt werden: die Gültigkeit des Programms von 0 Monaten liegt nicht zwischen 1 und 60; der Geltungsbereich fehlt.", text.Describe(violation));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        Assert.Equal("The certificate cannot be issued: the program's validity of 0 months is outside 1 to 60; the scope is missing.", violation.Message);
    }

    [Fact]
    public void A_status_argument_is_shown_as_a_translated_phrase_while_the_message_stays_english()
    {
        var violation = new DomainRuleViolation("Cannot submit: the application is {0}.", ApplicationStatus.InAudit);
        var text = factory.Services.GetRequiredService<UiText>();
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo("de");
            Assert.Equal("Einreichen nicht möglich: Der Antrag ist in Prüfung.", text.Describe(violation));
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }

        Assert.Equal("Cannot submit: the application is InAudit.", violation.Message);
        Assert.Equal("Cannot submit: the application is {0}.", violation.Template);
        Assert.Equal(new object?[] { ApplicationStatus.InAudit }, violation.Arguments);
    }
}
