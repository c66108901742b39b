using SealService.Tests.Integration.Apply;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Localization;

/// <summary>Issue 12 item 5: validation messages never show raw property names and read in the page's language.</summary>
public sealed class ValidationMessageTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Theory]
    [InlineData("en", "This text is too long: at most 100 characters.")]
    [InlineData("de", "Dieser Text ist zu lang: höchstens 100 Zeichen.")]
    public async Task A_too_long_legal_form_is_refused_in_the_readers_language_without_a_property_name(string language, string expected)
    {
        var (_, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var response = await client.SubmitFormAsync("/Apply/Organization", new Dictionary<string, string> { ["Input.LegalForm"] = new string('x', 101) }, "form#organization-form");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(expected, System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
        Assert.DoesNotContain("LegalForm field", html, StringComparison.Ordinal);
        Assert.DoesNotContain("field LegalForm", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_value_reads_as_a_sentence_not_a_property_name()
    {
        var (_, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var response = await client.SubmitFormAsync("/Apply/Organization", new Dictionary<string, string> { ["Input.LegalForm"] = "" }, "form#organization-form");
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("LegalForm", html.Replace("Input.LegalForm", "", StringComparison.Ordinal).Replace("Input_LegalForm", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("Dieses Feld ist erforderlich.", System.Net.WebUtility.HtmlDecode(html), StringComparison.Ordinal);
    }
}
