using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Verify;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Verify;

/// <summary>The verifier and a certification body that can be reached: contact details from configuration, its address never shown.</summary>
public class MisuseReportFactory : VerifyFactory
{
    public const string BodyEmail = "misuse-desk@body.example";
    public const string BodyName = "Prüfstelle Beispiel e.V.";
    public const string BodyAddress = "Musterweg 5, 10115 Berlin";
    public const string BodyPhone = "+49 30 555 0100";

    protected virtual int ReportsPerHour => 1000;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Seal:Contact:Email"] = BodyEmail,
        ["Seal:Contact:Name"] = BodyName,
        ["Seal:Contact:PostalAddress"] = BodyAddress,
        ["Seal:Contact:Phone"] = BodyPhone,
        ["Seal:Contact:Language"] = "de",
        ["RateLimiting:MisuseReportsPerHour"] = ReportsPerHour.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A report budget of two per hour, for the rate-limit test.</summary>
public sealed class StrictMisuseReportFactory : MisuseReportFactory
{
    protected override int ReportsPerHour => 2;
}

/// <summary>
/// Issue 12 item 10: the "not genuine" page offers a way to tell the certification body. The report is re-checked, stored
/// and mailed to the body in one transaction; the form is protected (antiforgery, per-address budget, trap field), validated
/// field by field, and neither the page nor the confirmation reveals the body's address.
/// </summary>
public sealed class MisuseReportTests(MisuseReportFactory factory) : IClassFixture<MisuseReportFactory>
{
    [Theory]
    [InlineData("en", "Report misuse to the certification body", "Where did you find the seal?")]
    [InlineData("de", "Missbrauch an die Zertifizierungsstelle melden", "Wo haben Sie das Siegel gefunden?")]
    public async Task The_not_genuine_page_shows_the_bodys_contact_details_and_the_report_form_but_never_its_address(string language, string heading, string label)
    {
        var path = await NotGenuinePathAsync();
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        var page = await HtmlForms.ParseAsync(html);

        Assert.Equal("not-genuine", page.QuerySelector("#verdict")!.GetAttribute("data-verdict"));
        var contact = page.QuerySelector("#body-contact")!.TextContent;
        Assert.Contains(MisuseReportFactory.BodyName, contact, StringComparison.Ordinal);
        Assert.Contains(MisuseReportFactory.BodyAddress, contact, StringComparison.Ordinal);
        Assert.Contains(MisuseReportFactory.BodyPhone, contact, StringComparison.Ordinal);
        var form = page.QuerySelector<IHtmlFormElement>("form#report-form")!;
        Assert.Equal("/Verify/Report", form.GetAttribute("action"));
        Assert.Equal(heading, form.QuerySelector("h2")!.TextContent.Trim());
        Assert.Equal(label, form.QuerySelector("label[for=Report_WhereFound]")!.TextContent.Trim());
        Assert.NotNull(form.QuerySelector("input[name=__RequestVerificationToken]"));
        Assert.Equal(path[3..], form.QuerySelector<IHtmlInputElement>("input[name='Report.Seal']")!.Value);
        Assert.DoesNotContain(MisuseReportFactory.BodyEmail, html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("mailto:", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_report_is_checked_again_stored_and_mailed_to_the_certification_body()
    {
        var path = await NotGenuinePathAsync();
        var where = $"https://shop-{Guid.NewGuid():N}.example/product/42";
        var client = factory.CreateBrowserClient();
        var page = await client.GetDocumentAsync(path);

        var response = await client.SubmitFormAsync(page, path, new Dictionary<string, string>
        {
            ["Report.WhereFound"] = where,
            ["Report.Details"] = "The seal is printed on the box.\nThe verifier says it is not genuine.",
            ["Report.Name"] = "Rita Reporter",
            ["Report.Email"] = "rita@reporter.example",
        }, "form#report-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var confirmation = await client.GetAsync(response.Headers.Location!);
        var confirmationHtml = await confirmation.Content.ReadAsStringAsync();
        var received = (await HtmlForms.ParseAsync(confirmationHtml)).QuerySelector("#report-received");
        Assert.NotNull(received);
        Assert.Contains("Your report has been received.", received.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(MisuseReportFactory.BodyEmail, confirmationHtml, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(where, confirmationHtml, StringComparison.Ordinal);

        var report = await ReportAsync(where);
        Assert.Equal("not-genuine", report.Verdict);
        Assert.Null(report.Serial);
        Assert.Equal(path[3..], report.SealReference);
        Assert.Equal("The seal is printed on the box.\nThe verifier says it is not genuine.", report.Details);
        Assert.Equal(("Rita Reporter", "rita@reporter.example", "en"), (report.ReporterName, report.ReporterEmail, report.Language));

        var queued = Assert.Single(await factory.OutboxAsync(), m => m.Kind == MisuseReports.MailKind && m.Subject.Contains(where, StringComparison.Ordinal));
        Assert.Equal(MisuseReportFactory.BodyEmail, queued.Recipient);
        Assert.Equal(report.ReceivedAt, queued.CreatedAt);
        var mail = Assert.Single(await factory.PickupMailsAsync(), m => m.Contains(where, StringComparison.Ordinal));
        Assert.Contains("Siegelmissbrauch gemeldet", mail, StringComparison.Ordinal);
        Assert.Contains("Ergebnis der Prüfung: Nicht echt", mail, StringComparison.Ordinal);
        Assert.Contains("Gemeldet von: Rita Reporter, rita@reporter.example", mail, StringComparison.Ordinal);
        Assert.Contains("https://seals.example.org/Admin/MisuseReports", mail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Say where you found the seal: a web address, a shop or a product.", "Enter this on one line, without line breaks, tabs or other control characters.")]
    [InlineData("de", "Geben Sie an, wo Sie das Siegel gefunden haben: eine Web-Adresse, ein Geschäft oder ein Produkt.", "Bitte in einer Zeile eingeben, ohne Zeilenumbrüche, Tabulatoren oder andere Steuerzeichen.")]
    public async Task A_report_with_mistakes_comes_back_with_each_message_at_its_field_and_the_typed_text_kept(string language, string whereMessage, string nameMessage)
    {
        var path = await NotGenuinePathAsync();
        var before = await CountAsync();
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var page = await client.GetDocumentAsync(path);

        var response = await client.SubmitFormAsync(page, path, new Dictionary<string, string>
        {
            ["Report.WhereFound"] = "   ",
            ["Report.Details"] = "Kept as typed.",
            ["Report.Name"] = "Two\nlines",
            ["Report.Email"] = "not-an-address",
        }, "form#report-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var again = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var where = again.QuerySelector("#Report_WhereFound")!;
        Assert.Equal("true", where.GetAttribute("aria-invalid"));
        Assert.Contains("error-report-wherefound", where.GetAttribute("aria-describedby"), StringComparison.Ordinal);
        Assert.Equal(whereMessage, again.QuerySelector("#error-report-wherefound")!.TextContent.Trim());
        Assert.Equal(nameMessage, again.QuerySelector("#error-report-name")!.TextContent.Trim());
        Assert.NotNull(again.QuerySelector("#error-report-email"));
        Assert.Equal("Kept as typed.", again.QuerySelector("#Report_Details")!.TextContent);
        Assert.Equal(path[3..], again.QuerySelector<IHtmlInputElement>("input[name='Report.Seal']")!.Value);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_genuine_but_revoked_seal_links_to_the_form_and_the_report_names_its_serial()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        await SealStatesFixture.ChangeStatusAsync(factory, seal.Serial, StatusChange.Revoke, StatusChangeReason.FeeNotPaid, "Report test");
        var client = factory.CreateBrowserClient();
        var landing = await client.GetDocumentAsync(seal.LandingPath);
        Assert.Null(landing.QuerySelector("form#report-form"));
        var link = landing.QuerySelector("#report-link a")!.GetAttribute("href")!;

        var where = $"Market stall {Guid.NewGuid():N}";
        var response = await client.SubmitFormAsync(link, new Dictionary<string, string>
        {
            ["Report.WhereFound"] = where,
            ["Report.Details"] = "Still on the shelf although revoked.",
        }, "form#report-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var report = await ReportAsync(where);
        Assert.Equal("revoked", report.Verdict);
        Assert.Equal(seal.Serial, report.Serial);
        Assert.Null(report.ReporterName);
        Assert.Contains(await factory.PickupMailsAsync(), m => m.Contains(where, StringComparison.Ordinal) && m.Contains($"Seriennummer: {seal.Serial}", StringComparison.Ordinal)
            && m.Contains("Die meldende Person hat weder Namen noch Adresse angegeben.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_script_that_fills_the_trap_field_gets_the_same_answer_and_nothing_is_stored_or_mailed()
    {
        var client = factory.CreateBrowserClient();
        var (reports, mails) = (await CountAsync(), (await factory.OutboxAsync()).Count);

        var response = await client.SubmitFormAsync("/Verify/Report", new Dictionary<string, string>
        {
            ["Report.WhereFound"] = "https://spam.example",
            ["Report.Details"] = "Cheap watches",
            ["Report.Website"] = "https://spam.example",
        }, "form#report-form");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Verify/Report?received=True", response.Headers.Location!.OriginalString);
        Assert.Equal(reports, await CountAsync());
        Assert.Equal(mails, (await factory.OutboxAsync()).Count);
    }

    [Fact]
    public async Task A_report_without_the_antiforgery_token_is_refused()
    {
        var before = await CountAsync();
        var response = await factory.CreateBrowserClient().PostAsync(new Uri("/Verify/Report", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Report.WhereFound"] = "Forged post",
            ["Report.Details"] = "No token",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task The_verify_pages_lead_to_the_form()
    {
        var client = factory.CreateBrowserClient();
        Assert.Equal("/Verify/Report", (await client.GetDocumentAsync("/Verify")).QuerySelector("#report-misuse")!.GetAttribute("href"));
        var form = await client.GetDocumentAsync("/Verify/Report");
        Assert.NotNull(form.QuerySelector("form#report-form"));
        Assert.Contains(MisuseReportFactory.BodyName, form.QuerySelector("#body-contact")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admins_see_the_reports_newest_first_from_their_start_page()
    {
        var first = $"First {Guid.NewGuid():N}";
        var second = $"Second {Guid.NewGuid():N}";
        var client = factory.CreateBrowserClient();
        foreach (var where in new[] { first, second })
        {
            var posted = await client.SubmitFormAsync("/Verify/Report", new Dictionary<string, string> { ["Report.WhereFound"] = where, ["Report.Details"] = "Seen." }, "form#report-form");
            Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
            factory.Time.Advance(TimeSpan.FromMinutes(1));
        }

        var admin = await factory.CreateBrowserClient().SignInAsync((await factory.CreateUserAsync(Roles.Admin)).Email!);
        var start = await admin.GetDocumentAsync("/Admin");
        Assert.NotNull(start.QuerySelector("a[href='/Admin/MisuseReports']"));
        var list = await admin.GetDocumentAsync("/Admin/MisuseReports");
        var rows = list.QuerySelectorAll("#misuse-reports tbody tr").Select(r => r.TextContent).ToList();
        Assert.True(rows.FindIndex(r => r.Contains(second, StringComparison.Ordinal)) < rows.FindIndex(r => r.Contains(first, StringComparison.Ordinal)));

        var applicant = await factory.CreateBrowserClient().SignInAsync((await factory.CreateUserAsync(Roles.Applicant)).Email!);
        Assert.NotEqual(HttpStatusCode.OK, (await applicant.GetAsync(new Uri("/Admin/MisuseReports", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Reports_beyond_the_hourly_budget_of_an_address_get_429_and_are_not_stored()
    {
        using var strict = new StrictMisuseReportFactory();
        var client = strict.CreateBrowserClient();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await client.SubmitFormAsync("/Verify/Report", new Dictionary<string, string> { ["Report.WhereFound"] = $"Place {i}", ["Report.Details"] = "Seen." }, "form#report-form"));
        }

        Assert.All(answers.Take(2), a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[2].StatusCode);
        Assert.True(answers[2].Headers.RetryAfter is not null);
        Assert.Contains("Too many requests", await answers[2].Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(2, await strict.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().MisuseReports.CountAsync()));
    }

    [Fact]
    public void Production_refuses_to_start_without_the_bodys_report_address()
    {
        using var production = new ProductionWithoutContact();
        var refused = Assert.Throws<StartupRefusedException>(() => production.CreateClient());
        Assert.Contains("Seal:Contact:Email is not configured", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Seal:Contact:Email", "a@example.org, b@example.org", "Seal:Contact:Email")]
    [InlineData("Seal:Contact:Phone", "call us", "Seal:Contact:Phone")]
    [InlineData("Seal:Contact:Language", "es", "Seal:Contact:Language")]
    public void A_malformed_contact_setting_stops_the_start_with_its_name(string key, string value, string named)
    {
        using var configured = new WithSetting(key, value);
        var refused = Assert.Throws<StartupRefusedException>(() => configured.CreateClient());
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
    }

    private async Task<string> NotGenuinePathAsync()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var chars = seal.LandingPath.ToCharArray();
        var i = chars.Length / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    private Task<MisuseReport> ReportAsync(string whereFound) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().MisuseReports.AsNoTracking().SingleAsync(r => r.WhereFound == whereFound));

    private Task<int> CountAsync() => factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().MisuseReports.CountAsync());

    private sealed class WithSetting(string key, string value) : SealServiceFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { [key] = value };
    }

    private sealed class ProductionWithoutContact : WebApplicationFactory<Program>
    {
        private readonly string _data = Path.Combine(Path.GetTempPath(), "sealservice-tests", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataDirectory", _data);
            builder.UseSetting("Seal:PublicBaseUrl", "https://seals.example.org");
            builder.UseSetting("Mail:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Mail:From", "Seals <seals@example.org>");
        }
    }
}
