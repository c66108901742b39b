using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration;

public sealed class FoundationTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task Health_endpoint_reports_healthy_database()
    {
        var client = factory.CreateBrowserClient();
        var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_page_carries_security_headers()
    {
        var client = factory.CreateBrowserClient();
        var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Theory]
    [InlineData("de", "Siegel prüfen")]
    [InlineData("en", "Verify a seal")]
    public async Task Start_page_speaks_the_browser_language(string language, string expected)
    {
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var html = await (await client.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains(expected, html, StringComparison.Ordinal);
        Assert.Contains($"<html lang=\"{language}\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Language_switch_sets_a_cookie_and_returns_to_the_page()
    {
        var client = factory.CreateBrowserClient();
        var home = await client.GetStringAsync(new Uri("/Registry", UriKind.Relative));
        Assert.DoesNotContain(">Switch<", home, StringComparison.Ordinal);
        var link = System.Text.RegularExpressions.Regex.Match(home, "<a href=\"([^\"]+)\"[^>]*>Deutsch</a>").Groups[1].Value;
        var response = await client.GetAsync(new Uri(System.Net.WebUtility.HtmlDecode(link), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Registry", response.Headers.Location?.OriginalString);
        var html = await (await client.GetAsync(new Uri("/", UriKind.Relative))).Content.ReadAsStringAsync();
        Assert.Contains("Siegel prüfen", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Posting_without_antiforgery_token_is_refused()
    {
        var client = factory.CreateBrowserClient();
        var response = await client.PostAsync(new Uri("/Culture", UriKind.Relative), new FormUrlEncodedContent([new("language", "de")]));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Admin_pages_require_sign_in_and_the_admin_role()
    {
        var anonymous = factory.CreateBrowserClient();
        var response = await anonymous.GetAsync(new Uri("/Admin/Programs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Identity/Account/Login", response.Headers.Location?.AbsolutePath ?? response.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var applicant = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(applicant.Email!);
        response = await client.GetAsync(new Uri("/Admin/Programs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/AccessDenied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_sees_every_program_with_its_catalog_versions_and_digests()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        var page = await client.GetDocumentAsync("/Admin/Programs");
        var text = page.Body!.TextContent;
        Assert.Contains("Software Made in Germany", text, StringComparison.Ordinal);
        Assert.Contains("Software Hosted in Germany", text, StringComparison.Ordinal);
        Assert.Contains("Rwanda Tech Seal", text, StringComparison.Ordinal);
        Assert.Equal(3, page.QuerySelectorAll("code.digest").Length);

        var catalog = await client.GetDocumentAsync("/Admin/Catalog/smig/2025.1");
        Assert.Equal(6, catalog.QuerySelectorAll("ol.criteria > li").Length);
    }

    [Fact]
    public async Task Catalog_versions_are_stored_with_their_digest_on_start()
    {
        var stored = await factory.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<AppDbContext>().CatalogVersions.Select(c => c.Key).ToList()));
        Assert.Contains("smig@2025.1", stored);
        Assert.Contains("shig@2025.1", stored);
        Assert.Contains("rwts@2025.1-draft", stored);
    }
}

public sealed class SignInTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task Wrong_password_shows_a_clear_message_in_german()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var response = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = user.Email!,
            ["Input.Password"] = "not-the-password",
        }, "form#account");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("E-Mail-Adresse oder Passwort ist nicht korrekt.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_fields_are_reported_per_field_with_translated_messages()
    {
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var response = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = "", ["Input.Password"] = "" }, "form#account");
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Geben Sie Ihre E-Mail-Adresse ein.", html, StringComparison.Ordinal);
        Assert.Contains("Bitte geben Sie Ihr Passwort ein.", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Wrong_passwords_slow_down_guessing_with_429_but_never_lock_the_account()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = factory.CreateBrowserClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = "wrong-password-1" }, "form#account");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        factory.Time.Advance(TimeSpan.FromSeconds(2));
        var correct = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = user.Email!, ["Input.Password"] = SealServiceFactory.Password }, "form#account");
        Assert.Equal(HttpStatusCode.Redirect, correct.StatusCode);
        Assert.DoesNotContain("Lockout", correct.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unconfirmed_account_cannot_sign_in()
    {
        var email = $"unconfirmed-{Guid.NewGuid():N}@test.example";
        await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            Assert.True((await users.CreateAsync(new AppUser { UserName = email, Email = email }, SealServiceFactory.Password)).Succeeded);
        });
        var client = factory.CreateBrowserClient();
        var response = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = SealServiceFactory.Password }, "form#account");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("confirm your e-mail address first", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
