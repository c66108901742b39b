using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Apply;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Integration.Apply;
using SealService.Tests.Support;

namespace SealService.Tests.Mail;

/// <summary>
/// One-line fields refuse control characters at input (a clear message, nothing stored) and in the domain (no other path
/// stores them): a CR/LF in a product name must never become a mail header, a payload line or a PDF line.
/// </summary>
public sealed class SingleLineTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private const string Injection = "Widget\r\nBcc: evil@attacker.test";

    [Theory]
    [InlineData("Widget\r\nBcc: evil@attacker.test")]
    [InlineData("Widget\nX")]
    [InlineData("Widget\tX")]
    [InlineData("Widget\u0085X")]
    [InlineData("Widget\u2028X")]
    [InlineData("Widget\u2029X")]
    [InlineData("Widget\u202EX")]
    [InlineData("\uFEFFWidget")]
    [InlineData("Widget\0")]
    public void Control_characters_line_and_paragraph_separators_are_refused(string value) => Assert.False(SingleLine.IsValid(value));

    [Theory]
    [InlineData("Müller & Söhne GmbH")]
    [InlineData("Widget 2.0 (Cloud) – «Pro»")]
    [InlineData("Ikoranabuhanga ry'u Rwanda")]
    [InlineData("می\u200Cخواهم")]
    [InlineData("")]
    public void Ordinary_names_are_one_line(string value) => Assert.True(SingleLine.IsValid(value));

    [Fact]
    public async Task A_product_name_with_CRLF_is_refused_at_input_with_a_clear_message_and_nothing_is_stored()
    {
        var (_, organization, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var response = await client.SubmitFormAsync("/Apply/New", new Dictionary<string, string>
        {
            ["Input.ProgramId"] = "smig",
            ["Input.ProductName"] = Injection,
            ["Input.ProductVersion"] = "1.0",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(SingleLine.Message), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AnyAsync(a => a.OrganizationId == organization.Id)));
    }

    [Fact]
    public async Task The_refusal_is_in_the_language_of_the_page()
    {
        var (_, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var response = await client.SubmitFormAsync("/Apply/New?culture=de&ui-culture=de", new Dictionary<string, string>
        {
            ["Input.ProgramId"] = "smig",
            ["Input.ProductName"] = "Widget\nZwei",
        });
        Assert.Contains("ohne Zeilenumbrüche", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_organization_city_with_a_line_separator_is_refused_and_the_profile_is_unchanged()
    {
        var (_, organization, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var response = await client.SubmitFormAsync("/Apply/Organization", new Dictionary<string, string> { ["Input.City"] = "Berlin\u2028Mitte" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(SingleLine.Message), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Organizations.AsNoTracking().SingleAsync(o => o.Id == organization.Id));
        Assert.Equal("Berlin", stored.City);
    }

    [Fact]
    public async Task Registration_refuses_a_display_name_with_a_line_break()
    {
        var email = $"crlf-{Guid.NewGuid():N}@example.com";
        var response = await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Eve\r\nBcc: evil@attacker.test",
            ["Input.Email"] = email,
            ["Input.Password"] = SealServiceFactory.Password,
            ["Input.ConfirmPassword"] = SealServiceFactory.Password,
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(SingleLine.Message), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await factory.WithScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email)));
    }

    [Fact]
    public void The_domain_refuses_what_bypasses_the_pages()
    {
        var now = DateTimeOffset.UtcNow;
        var profile = new OrganizationProfile("Evil\r\nCorp", "GmbH", "HRB 1", "DE", "Street 1", "10115", "Berlin", null, "Eve", "eve@example.com", false);
        Assert.Throws<DomainRuleViolation>(() => Organization.Create(profile, now));
        Assert.Throws<DomainRuleViolation>(() => Organization.Create(profile with { LegalName = "Evil Corp", LegalForm = "GmbH\n" }, now));
        Assert.Throws<DomainRuleViolation>(() => new Certificate(Guid.NewGuid(), "SMIG-X", "smig", "Holder", "DE", Injection, "en", [], [], "", "k", now, now, now.AddYears(1)));
        Assert.Throws<DomainRuleViolation>(() => new Attestation("Greta\r\nBcc: x@y", "CEO", "text").Validate());
    }

    [Fact]
    public async Task The_domain_refuses_a_product_name_with_CRLF_when_an_application_is_started_directly()
    {
        var (user, _, _) = await ApplyTestData.SignedInApplicantAsync(factory);
        await Assert.ThrowsAsync<DomainRuleViolation>(() => factory.WithScopeAsync(sp =>
            sp.GetRequiredService<SealService.Apply.ApplicationWorkflow>().StartAsync("smig", new ProductInfo(Injection, "1.0", "", null), ApplyTestData.ActorOf(user))));
    }

    [Fact]
    public async Task No_account_path_stores_a_display_name_with_a_line_break()
    {
        var result = await factory.WithScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(
            new AppUser { UserName = $"x{Guid.NewGuid():N}@example.com", Email = $"x{Guid.NewGuid():N}@example.com", DisplayName = "Eve\nX" }, SealServiceFactory.Password));
        Assert.False(result.Succeeded);
    }
}
