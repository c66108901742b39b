using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using static Microsoft.Playwright.Assertions;
using SealService.Demo;
using SealService.Admin;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.EndToEnd.Support;
using SealService.Infrastructure;
using SealService.Issuance;
using SealService.Programs;
using SealService.Registry;
using SealService.Tests.Support;
using SealService.Verify;

namespace SealService.EndToEnd.Journeys;

/// <summary>
/// The public side of an issued seal: a customer scans the QR code on a phone, looks a serial up by hand, browses the
/// registry; the holder downloads the certificate's files. Tests that revoke issue their own certificate first, so the
/// seeded ones stay active whatever order the tests run in.
/// </summary>
public sealed class VerifyJourney(EndToEndFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Customer_scans_the_QR_code_and_sees_the_revocation_after_the_certifier_revokes() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var certificate = await IssueCertificateAsync("Scanbar Software GmbH", "smig");

        // The printed seal: the QR code PNG as the holder downloads it, read by a real barcode decoder.
        var phone = await NewPhonePageAsync();
        var png = await phone.Context.APIRequest.GetAsync($"{Host.BaseUrl}/certificates/{certificate.Serial}/qr.png");
        Assert.Equal(200, png.Status);
        Assert.Equal("image/png", png.Headers["content-type"]);
        var scanned = await DecodeQrAsync(await png.BodyAsync());
        Assert.StartsWith(Host.BaseUrl.ToUpperInvariant() + "/V/", scanned, StringComparison.Ordinal);

        await phone.GotoAsync(scanned);
        await phone.AssertAccessibleAsync();
        var verdict = phone.Locator("#verdict");
        await Expect(verdict).ToHaveAttributeAsync("data-verdict", "valid");
        await Expect(verdict).ToBeVisibleAsync();
        await Expect(verdict).ToContainTextAsync("This seal is genuine and valid.");
        await Expect(phone.Locator("#holder-name")).ToHaveTextAsync(certificate.HolderName);
        await Expect(phone.Locator("#serial")).ToHaveTextAsync(certificate.Serial);
        await Expect(phone.Locator("#host-check")).ToBeVisibleAsync();
        await Expect(phone.Locator("#host-check")).ToContainTextAsync("127.0.0.1");

        // The certifier revokes it for good on the desktop.
        const string details = "The seal was printed on a product it does not cover.";
        var certifier = await NewDesktopPageAsync();
        await SignInAsync(certifier, DemoSeeder.CertifierEmail, DemoSeeder.DemoPassword);
        await certifier.GotoAsync($"/Certify/Certificate/{certificate.Serial}");
        await certifier.AssertAccessibleAsync();
        await Expect(certifier.Locator("#certificate-status")).ToHaveAttributeAsync("data-status", "active");
        await certifier.SelectOptionAsync("#revoke-reason", nameof(StatusChangeReason.MisuseOfSeal));
        await certifier.FillAsync("#revoke-details", details);
        await certifier.CheckAsync("#revoke-confirm");
        await PostAsync(certifier, "form#revoke button[type=submit]");
        await Expect(certifier.Locator(".notice.success")).ToContainTextAsync("The certificate is revoked.");
        await Expect(certifier.Locator("#certificate-status")).ToHaveAttributeAsync("data-status", "revoked");
        await Expect(certifier.Locator("form#revoke")).ToHaveCountAsync(0);

        // The same scanned page, reloaded: revoked, with reason and date.
        var revokedAt = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates
            .Where(c => c.Serial == certificate.Serial).Select(c => c.StatusChangedAt).SingleAsync());
        await phone.ReloadAsync();
        await Expect(verdict).ToHaveAttributeAsync("data-verdict", "revoked");
        await Expect(verdict).ToContainTextAsync($"revoked it on {PublicDates.Day(revokedAt)}");
        await Expect(phone.Locator("#status-reason")).ToBeVisibleAsync();
        await Expect(phone.Locator("#status-reason")).ToContainTextAsync("Misuse of the seal");
        await Expect(phone.Locator("#status-reason")).ToContainTextAsync(details);
        await Expect(phone.Locator("#holder-name")).ToHaveTextAsync(certificate.HolderName);
    });

    [Fact]
    public Task Customer_scans_a_forged_QR_code_and_reports_it_to_the_certification_body() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var genuine = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking()
            .OrderBy(c => c.Serial).Select(c => c.QrToken).FirstAsync());
        Assert.True(SealVerifier.QrToken.TryExtractToken(genuine, out var token));
        // A copy of a real seal with one character changed: what a forger's printout would scan as.
        var chars = token.ToCharArray();
        chars[chars.Length / 2] = chars[chars.Length / 2] == 'A' ? 'B' : 'A';
        var where = $"https://fake-shop-{Guid.NewGuid():N}.example/product/7";

        var phone = await NewPhonePageAsync();
        await phone.GotoAsync(SealVerifier.QrToken.PathSegment + new string(chars));
        await phone.AssertAccessibleAsync();
        await Expect(phone.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "not-genuine");
        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Report misuse to the certification body" })).ToBeVisibleAsync();
        await Expect(phone.Locator("#body-contact")).ToContainTextAsync(Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SealOptions>>().Value.IssuerName);

        // Sent without saying where: the message sits at that field, which gets the focus; what was typed stays.
        var whereField = phone.GetByLabel("Where did you find the seal?", new() { Exact = true });
        var details = phone.GetByLabel("What did you find?", new() { Exact = true });
        await details.FillAsync("The seal is printed on the box of a phone charger.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();
        await Expect(whereField).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(whereField).ToBeFocusedAsync();
        await Expect(phone.Locator("#error-report-wherefound")).ToHaveTextAsync("Say where you found the seal: a web address, a shop or a product.");
        await Expect(details).ToHaveValueAsync("The seal is printed on the box of a phone charger.");
        await phone.AssertAccessibleAsync();

        await whereField.FillAsync(where);
        await phone.GetByLabel("Your name (optional)", new() { Exact = true }).FillAsync("Paula Passant");
        await phone.GetByLabel("Your e-mail address (optional)", new() { Exact = true }).FillAsync("paula@passant.example");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send report" }).ClickAsync();

        await Expect(phone.GetByRole(AriaRole.Heading, new() { Name = "Thank you" })).ToBeVisibleAsync();
        await Expect(phone.Locator("#report-received")).ToContainTextAsync("Your report has been received.");
        await phone.AssertAccessibleAsync();
        var report = await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().MisuseReports.AsNoTracking().SingleAsync(r => r.WhereFound == where));
        Assert.Equal("not-genuine", report.Verdict);
        Assert.Equal(("Paula Passant", "paula@passant.example"), (report.ReporterName, report.ReporterEmail));
    });

    [Fact]
    public Task Customer_types_a_serial_with_a_typo_on_a_German_phone_and_follows_the_suggestion() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        // Demo data holds an expired shig seal too: pick one that is still within its validity.
        var certificate = (await Host.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking()
            .Where(c => c.Status == CertificateStatus.Active && c.ProgramId == "shig").ToListAsync()))
            .Where(c => c.ValidUntil > DateTimeOffset.UtcNow).OrderBy(c => c.Serial).First();
        var typo = WithOneWrongCharacter(certificate.Serial);

        var phone = await NewPageAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
            IsMobile = true,
            HasTouch = true,
            DeviceScaleFactor = 2,
            Locale = "de-DE",
        });
        await phone.GotoAsync("/Verify");
        await phone.AssertAccessibleAsync();
        await Expect(phone.Locator("h1")).ToHaveTextAsync("Siegel prüfen");
        await phone.FillAsync("form#lookup #serial", typo);
        await phone.ClickAsync("form#lookup button[type=submit]");
        var result = phone.Locator("#lookup-result");
        await Expect(result).ToHaveAttributeAsync("data-outcome", "did-you-mean");
        var suggestion = result.Locator(".suggestions a");
        await Expect(suggestion).ToHaveCountAsync(1);
        await Expect(suggestion).ToHaveTextAsync(certificate.Serial);
        await Expect(phone.Locator("#verdict")).ToHaveCountAsync(0);

        await suggestion.ClickAsync();
        await Expect(phone.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "valid");
        await Expect(phone.Locator("#verdict .verdict-word")).ToHaveTextAsync("Gültig");
        await Expect(phone.Locator("#verdict")).ToContainTextAsync("Dieses Siegel ist echt und gültig.");
        await Expect(phone.Locator("#holder-name")).ToHaveTextAsync(certificate.HolderName);
        await Expect(phone.Locator("#host-check")).ToContainTextAsync("Prüfen Sie, dass die Adressleiste Folgendes zeigt:");
        Assert.Contains($"serial={Uri.EscapeDataString(certificate.Serial)}", phone.Url, StringComparison.Ordinal);
    });

    [Fact]
    public Task Registry_lists_active_seals_narrows_by_holder_and_shows_revoked_ones_only_on_request() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var revoked = await IssueCertificateAsync("Widerrufene Werkstatt GmbH", "shig");
        await Host.WithScopeAsync(async sp =>
        {
            var changed = await sp.GetRequiredService<CertificateStatusChanges>().ApplyAsync(revoked.Serial, StatusChange.Revoke,
                StatusChangeReason.FeeNotPaid, "The annual fee was not paid.", Actor.System, null, CancellationToken.None);
            Assert.NotNull(changed);
        });
        var (listed, now) = await Host.WithScopeAsync(async sp =>
        {
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            var all = await sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().ToListAsync();
            return (all.Where(c => c.PublicStatusAt(now) is "active" or "suspended").ToList(), now);
        });
        Assert.True(listed.Count >= 3, $"The demo data should hold issued certificates for all three programs, found {listed.Count}.");
        Assert.True(listed.Count <= RegistrySearch.PageSize, "The journey reads the registry's first page only.");

        var page = await NewDesktopPageAsync();
        await page.GotoAsync("/Registry");
        await page.AssertAccessibleAsync();
        var rows = page.Locator("#registry tbody tr[data-serial]");
        await Expect(rows).ToHaveCountAsync(listed.Count);
        var serials = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.serial)");
        Assert.Equal(listed.Select(c => c.Serial).Order(StringComparer.Ordinal), serials.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(revoked.Serial, serials);

        // Search by the holder's name: only that holder's seals remain.
        var holder = listed.First(c => c.ProgramId == "rwts");
        var holdersSeals = listed.Where(c => c.HolderName.Contains(holder.HolderName, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(holdersSeals.Count < listed.Count, "The holder search must narrow the list.");
        await page.FillAsync("#q", holder.HolderName);
        await page.ClickAsync("form#registry-search button[type=submit]");
        await Expect(rows).ToHaveCountAsync(holdersSeals.Count);
        await Expect(page.Locator($"#registry tr[data-serial='{holder.Serial}']")).ToContainTextAsync(holder.HolderName);
        await Expect(page.Locator("#registry-count")).ToContainTextAsync(holdersSeals.Count == 1 ? "1 certified product found." : $"{holdersSeals.Count} certified products found.");

        // The revoked holder: not listed by default, listed as revoked with "show inactive".
        await page.FillAsync("#q", revoked.HolderName);
        await page.ClickAsync("form#registry-search button[type=submit]");
        await Expect(page.Locator("#registry-count")).ToContainTextAsync("0 certified products found.");
        await Expect(rows).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Show inactive seals" })).ToBeVisibleAsync();
        await page.CheckAsync("#inactive");
        await page.ClickAsync("form#registry-search button[type=submit]");
        var revokedRow = page.Locator($"#registry tr[data-serial='{revoked.Serial}']");
        await Expect(rows).ToHaveCountAsync(1);
        await Expect(revokedRow).ToHaveAttributeAsync("data-status", "revoked");
        await Expect(revokedRow).ToContainTextAsync("Revoked");
        await Expect(page.Locator("#inactive")).ToBeCheckedAsync();
        Assert.True(revoked.ValidUntil > now, "The revoked certificate must not be listed only because it expired.");
    });

    [Fact]
    public Task Holder_downloads_PDF_QR_codes_badge_payload_and_signature() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var (serial, memberEmail) = await Host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            // Which demo seals end up suspended or revoked depends on their random serials: take any current one whose
            // organization has a member who can sign in.
            var candidates = (await db.Certificates.AsNoTracking()
                    .Where(c => c.Status == CertificateStatus.Active)
                    .Join(db.Applications, c => c.ApplicationId, a => a.Id, (c, a) => new { c.Serial, c.ValidUntil, a.OrganizationId })
                    .ToListAsync())
                .Where(c => c.ValidUntil > DateTimeOffset.UtcNow)
                .OrderBy(c => c.Serial);
            foreach (var candidate in candidates)
            {
                var member = await db.Users.Where(u => u.OrganizationId == candidate.OrganizationId).OrderBy(u => u.Email).Select(u => u.Email).FirstOrDefaultAsync();
                if (member is not null)
                {
                    return (candidate.Serial, member);
                }
            }

            throw new InvalidOperationException("The demo data has no current seal of an organization with a member.");
        });

        var page = await NewDesktopPageAsync();
        await SignInAsync(page, memberEmail, DemoSeeder.DemoPassword);
        await page.GotoAsync($"/Apply/Certificate/{serial}");
        await page.AssertAccessibleAsync();
        await Expect(page.Locator("main")).ToContainTextAsync(serial);

        // The PDF link is an attachment: the browser downloads it.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("a[href$='/certificate.pdf']"));
        Assert.Equal($"{serial}.pdf", download.SuggestedFilename);
        var pdfPath = await download.PathAsync();
        var head = new byte[5];
        await using (var pdf = File.OpenRead(pdfPath))
        {
            await pdf.ReadExactlyAsync(head);
        }

        Assert.Equal("%PDF-"u8.ToArray(), head);

        var files = new (string Selector, string Attribute, string ContentType)[]
        {
            ("a[href$='/certificate.pdf']", "href", "application/pdf"),
            ("a[href$='/qr.png']", "href", "image/png"),
            ("a[href$='/qr.svg']", "href", "image/svg+xml"),
            ("img[src$='/badge.svg']", "src", "image/svg+xml"),
            ("a[href$='/payload']", "href", "application/json"),
            ("a[href$='/signature']", "href", "application/pkcs7-signature"),
        };
        foreach (var (selector, attribute, contentType) in files)
        {
            var element = page.Locator(selector);
            await Expect(element).ToHaveCountAsync(1);
            var url = await element.GetAttributeAsync(attribute) ?? throw new InvalidOperationException($"{selector} has no {attribute}.");
            Assert.Contains(serial, url, StringComparison.Ordinal);
            var answer = await page.Context.APIRequest.GetAsync(url);
            Assert.True(answer.Status == 200, $"{url} answered {answer.Status}.");
            Assert.StartsWith(contentType, answer.Headers["content-type"], StringComparison.Ordinal);
            Assert.NotEmpty(await answer.BodyAsync());
        }

        // The images on the page itself loaded too (QR code and live badge).
        foreach (var image in new[] { "img[src$='/qr.svg']", "img[src$='/badge.svg']" })
        {
            await Expect(page.Locator(image)).ToHaveJSPropertyAsync("complete", true);
            Assert.True(await page.Locator(image).EvaluateAsync<int>("img => img.naturalWidth") > 0, $"{image} did not load.");
        }

        // Payload and QR code point to the same public verification.
        var scanned = await DecodeQrAsync(await (await page.Context.APIRequest.GetAsync($"/certificates/{serial}/qr.png")).BodyAsync());
        var payload = await (await page.Context.APIRequest.GetAsync($"/api/v1/certificates/{serial}/payload")).TextAsync();
        Assert.Contains(scanned, payload, StringComparison.Ordinal);

        // A member of another organization does not get the holder's page.
        var other = Organization.Create(new OrganizationProfile("Fremdfirma GmbH", "GmbH", "HRB 999", "DE", "Nebenweg 2", "10115", "Berlin",
            null, "Fritz Fremd", "fritz@fremdfirma.example", false), DateTimeOffset.UtcNow);
        var outsider = await CreateUserAsync(Roles.Applicant, other);
        var stranger = await NewPhonePageAsync();
        await SignInAsync(stranger, outsider.Email!, EndToEndFixture.Password);
        var refused = await stranger.GotoAsync($"/Apply/Certificate/{serial}");
        await stranger.AssertAccessibleAsync();
        Assert.Equal(404, refused?.Status);
    });

    /// <summary>
    /// A new organization with one application for <paramref name="programId"/>, approved by the demo auditor and
    /// certifier and issued through the real issuance pipeline.
    /// </summary>
    private async Task<Certificate> IssueCertificateAsync(string legalName, string programId)
    {
        var organization = Organization.Create(new OrganizationProfile(legalName, "GmbH", "HRB 123456", "DE", "Hauptstraße 1", "10115", "Berlin",
            "https://www.example.org", "Erika Mustermann", "kontakt@example.org", false), DateTimeOffset.UtcNow);
        var applicant = await CreateUserAsync(Roles.Applicant, organization, displayName: "Erika Mustermann");
        return await Host.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var now = sp.GetRequiredService<TimeProvider>().GetUtcNow();
            var catalog = sp.GetRequiredService<SealProgramCatalog>().FindProgram(programId)?.Current
                ?? throw new InvalidOperationException($"Program {programId} is not loaded.");
            var auditor = await db.Users.SingleAsync(u => u.Email == DemoSeeder.AuditorEmail);
            var certifier = await db.Users.SingleAsync(u => u.Email == DemoSeeder.CertifierEmail);
            var stored = await db.Organizations.SingleAsync(o => o.Id == organization.Id);
            var applicantActor = DomainShortcuts.ActorFor(applicant, Roles.Applicant);
            var application = SealApplication.Start(stored, catalog, new ProductInfo($"{legalName} Suite", "1.0", "Business software.", stored.Website), applicantActor, now);
            foreach (var criterion in catalog.Criteria)
            {
                application.Declare(criterion.Id, DeclarationAnswer.Met, $"{legalName} meets this: {criterion.Requirement.In("en")}", applicantActor, now);
            }

            db.Applications.Add(application);
            await db.SaveChangesAsync();
            var certifierActor = DomainShortcuts.ActorFor(certifier, Roles.Certifier);
            await DomainShortcuts.ApproveAsync(db, sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<DataPaths>(), catalog, application,
                applicantActor, DomainShortcuts.ActorFor(auditor, Roles.Auditor), certifierActor, now, CancellationToken.None);
            return await sp.GetRequiredService<CertificateIssuance>().IssueAsync(application.Id, certifierActor, CancellationToken.None);
        });
    }

    /// <summary>Reads a QR code the way a phone camera would, with Debian's zbarimg (package zbar-tools).</summary>
    private static async Task<string> DecodeQrAsync(byte[] png)
    {
        var file = Path.Combine(Path.GetTempPath(), $"sealservice-qr-{Guid.NewGuid():N}.png");
        await File.WriteAllBytesAsync(file, png);
        try
        {
            var start = new ProcessStartInfo("zbarimg") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "--raw", "-q", file })
            {
                start.ArgumentList.Add(argument);
            }

            using var zbar = Process.Start(start) ?? throw new InvalidOperationException("zbarimg did not start.");
            var output = zbar.StandardOutput.ReadToEndAsync();
            var errors = zbar.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await zbar.WaitForExitAsync(timeout.Token);
            Assert.True(zbar.ExitCode == 0, $"zbarimg could not read the QR code (exit {zbar.ExitCode}): {await errors}");
            return (await output).Trim();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("The QR journey needs zbarimg: run 'apt-get install zbar-tools' (./test.sh does this when it runs as root).", ex);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>The serial with one character of its body replaced by another valid one, so only the check character catches it.</summary>
    private static string WithOneWrongCharacter(string serial)
    {
        var index = serial.IndexOf('-', StringComparison.Ordinal) + 2;
        var wrong = serial[index] == '7' ? '8' : '7';
        return string.Concat(serial.AsSpan(0, index), wrong.ToString(), serial.AsSpan(index + 1));
    }

    /// <summary>Clicks a form's submit button and waits for the answer to the POST: the redirect of an accepted form.</summary>
    private static async Task PostAsync(IPage page, string submit)
    {
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(submit), r => r.Request.Method == "POST");
        Assert.True(response.Status == 302, $"POST {response.Url} answered {response.Status} instead of redirecting.");
    }
}
