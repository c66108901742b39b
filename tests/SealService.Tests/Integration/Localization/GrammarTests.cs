using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SealService.Domain;
using SealService.Infrastructure.Localization;
using SealService.Tests.Integration.Audit;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Localization;

/// <summary>
/// Issue 12 item 5: counts take the singular or plural of the reader's language ("1 criterion", "0 critère") and a state
/// named in a sentence reads as a sentence ("the application is waiting for changes from the applicant"), through the
/// shared mechanism in Infrastructure/Localization (UiText.Plural, StatusPhrases), not per page.
/// </summary>
public sealed class GrammarTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    [Theory]
    [InlineData("en", 0, "0 certified products found.")]
    [InlineData("en", 1, "1 certified product found.")]
    [InlineData("en", 2, "2 certified products found.")]
    [InlineData("de", 1, "1 zertifiziertes Produkt gefunden.")]
    [InlineData("de", 0, "0 zertifizierte Produkte gefunden.")]
    [InlineData("fr", 0, "0 produit certifié trouvé.")]
    [InlineData("fr", 1, "1 produit certifié trouvé.")]
    [InlineData("fr", 3, "3 produits certifiés trouvés.")]
    public void A_count_takes_the_form_of_the_readers_language(string language, int count, string expected)
    {
        var text = factory.Services.GetRequiredService<UiText>();
        InLanguage(language, () => Assert.Equal(expected, text.Plural(count, "{0} certified product found.", "{0} certified products found.")));
    }

    [Fact]
    public void A_plural_with_more_placeholders_picks_the_form_by_the_count_and_formats_every_argument()
    {
        var text = factory.Services.GetRequiredService<UiText>();
        InLanguage("en", () => Assert.Equal("0 of 1 criterion assessed", text.Plural(1, "{0} of {1} criterion assessed", "{0} of {1} criteria assessed", 0, 1)));
        InLanguage("de", () => Assert.Equal("3 von 7 Kriterien bewertet", text.Plural(7, "{0} of {1} criterion assessed", "{0} of {1} criteria assessed", 3, 7)));
    }

    [Theory]
    [InlineData("en", "1 certified product found.")]
    [InlineData("de", "1 zertifiziertes Produkt gefunden.")]
    public async Task The_registry_counts_one_match_in_the_singular(string language, string expected)
    {
        var product = $"Einzahl {Guid.NewGuid():N}"[..20];
        await factory.Issuer.IssueAsync(factory, productName: product);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var page = await client.GetDocumentAsync($"/Registry?q={Uri.EscapeDataString(product)}");

        Assert.Equal(expected, page.QuerySelector("#registry-count")!.TextContent.Trim());
    }

    [Theory]
    [InlineData(ApplicationStatus.Draft, "en", "Cannot assess criteria: the application is still a draft.")]
    [InlineData(ApplicationStatus.Submitted, "en", "Cannot assess criteria: the application is submitted and waiting for an auditor.")]
    [InlineData(ApplicationStatus.ChangesRequested, "en", "Cannot assess criteria: the application is waiting for changes from the applicant.")]
    [InlineData(ApplicationStatus.Recommended, "en", "Cannot assess criteria: the application is waiting for the certifier's decision.")]
    [InlineData(ApplicationStatus.Issued, "en", "Cannot assess criteria: the application is completed with its seal issued.")]
    [InlineData(ApplicationStatus.ChangesRequested, "de", "Kriterien können nicht bewertet werden: Der Antrag ist zur Nachbesserung beim Antragsteller.")]
    [InlineData(ApplicationStatus.InAudit, "de", "Kriterien können nicht bewertet werden: Der Antrag ist in Prüfung.")]
    [InlineData(ApplicationStatus.Rejected, "de", "Kriterien können nicht bewertet werden: Der Antrag ist abgelehnt.")]
    public void A_refusal_names_the_applications_state_in_a_sentence(ApplicationStatus status, string language, string expected)
    {
        var text = factory.Services.GetRequiredService<UiText>();
        var violation = new DomainRuleViolation("Cannot assess criteria: the application is {0}.", status);
        InLanguage(language, () => Assert.Equal(expected, text.Describe(violation)));
    }

    [Theory]
    [InlineData(CertificateStatus.Revoked, "en", "Only an active certificate can be suspended; this one is revoked.")]
    [InlineData(CertificateStatus.Superseded, "en", "Only an active certificate can be suspended; this one is replaced by a renewal.")]
    [InlineData(CertificateStatus.Revoked, "de", "Nur ein aktives Zertifikat kann ausgesetzt werden; dieses ist widerrufen.")]
    [InlineData(CertificateStatus.Superseded, "de", "Nur ein aktives Zertifikat kann ausgesetzt werden; dieses ist durch Erneuerung ersetzt.")]
    public void A_refusal_names_the_certificates_state_in_a_sentence(CertificateStatus status, string language, string expected)
    {
        var text = factory.Services.GetRequiredService<UiText>();
        var violation = new DomainRuleViolation("Only an active certificate can be suspended; this one is {0}.", status);
        InLanguage(language, () => Assert.Equal(expected, text.Describe(violation)));
    }

    [Fact]
    public void No_state_phrase_is_a_label_or_a_code_name()
    {
        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            var phrase = StatusPhrases.Of(status);
            Assert.NotEqual(StatusLabels.Of(status), phrase);
            Assert.NotEqual(status.ToString(), phrase);
            Assert.Equal(phrase.ToLowerInvariant(), phrase);
        }
    }

    [Theory]
    [InlineData("en", "The application is waiting for changes from the applicant; the checklist is read-only.")]
    [InlineData("de", "Der Antrag ist zur Nachbesserung beim Antragsteller; die Checkliste ist schreibgeschützt.")]
    public async Task The_checklist_of_an_application_waiting_for_changes_says_so_in_a_sentence(string language, string expected)
    {
        var scenario = new AuditScenario(factory);
        var (organization, applicant) = await scenario.NewApplicantAsync();
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var id = await scenario.StoreAsync(d => d.ChangesRequested(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), AuditScenario.ActorOf(auditorUser, Roles.Auditor)));
        var auditor = await scenario.SignedInAsync(auditorUser);
        auditor.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var page = await auditor.GetDocumentAsync($"/Audit/Application/{id}");

        Assert.Contains(expected, page.QuerySelector("#checklist-progress")!.TextContent, StringComparison.Ordinal);
    }

    private static void InLanguage(string language, Action action)
    {
        var (culture, uiCulture) = (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture);
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(language);
            action();
        }
        finally
        {
            (CultureInfo.CurrentCulture, CultureInfo.CurrentUICulture) = (culture, uiCulture);
        }
    }
}
