using Microsoft.Extensions.DependencyInjection;
using SealService.Programs;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Localization;

/// <summary>
/// Issue 12 item 5: a seal program's own texts (description, scope, criteria) are shown in the reader's language where the
/// catalog has it; otherwise in English, marked with lang="en" and with a note naming the languages the program publishes.
/// </summary>
public sealed class CatalogLanguageTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Theory]
    [InlineData("rwts", "fr")]
    [InlineData("rwts", "rw")]
    [InlineData("rwts", "de")]
    [InlineData("smig", "de")]
    [InlineData("smig", "en")]
    public async Task A_program_page_reads_in_the_readers_language_where_the_catalog_has_it(string programId, string language)
    {
        var catalog = factory.Services.GetRequiredService<SealProgramCatalog>().FindProgram(programId)!.Current;
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var page = await client.GetDocumentAsync($"/Programs/{programId}");

        var description = page.QuerySelector("#description")!;
        Assert.Equal(catalog.ShortDescription[language], description.TextContent);
        Assert.False(description.HasAttribute("lang"));
        Assert.Equal(catalog.Scope[language], page.QuerySelector("#scope p")!.TextContent);
        Assert.Empty(page.QuerySelectorAll("main [lang]"));
        Assert.Null(page.QuerySelector("#language-note"));
    }

    [Theory]
    [InlineData("smig", "fr", "publiés en Deutsch, English ; ils sont affichés ici en English")]
    [InlineData("shig", "rw", "zatangajwe mu Deutsch, English")]
    public async Task A_German_program_on_a_French_or_Kinyarwanda_page_falls_back_to_English_and_says_so(string programId, string language, string note)
    {
        var catalog = factory.Services.GetRequiredService<SealProgramCatalog>().FindProgram(programId)!.Current;
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var page = await client.GetDocumentAsync($"/Programs/{programId}");

        Assert.Equal(language, page.DocumentElement.GetAttribute("lang"));
        var description = page.QuerySelector("#description")!;
        Assert.Equal(catalog.ShortDescription["en"], description.TextContent);
        Assert.Equal("en", description.GetAttribute("lang"));
        Assert.Equal("en", page.QuerySelector("#scope p")!.GetAttribute("lang"));
        Assert.All(page.QuerySelectorAll("#criteria li.criterion h3 span"), title => Assert.Equal("en", title.GetAttribute("lang")));
        Assert.Contains(note, page.QuerySelector("#language-note")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_home_page_cards_mark_a_fallback_description_too()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("fr");

        var home = await client.GetDocumentAsync("/");

        Assert.Equal("en", home.QuerySelector("article.program-card[data-program='smig'] p")!.GetAttribute("lang"));
        Assert.False(home.QuerySelector("article.program-card[data-program='rwts'] p")!.HasAttribute("lang"));
    }
}
