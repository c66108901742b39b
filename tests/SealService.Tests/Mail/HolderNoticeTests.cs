using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Audit;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Issuance;
using SealService.Programs;
using SealService.Renewal;
using SealService.Tests.Integration.Audit;
using SealService.Tests.Integration.Renewal;
using SealService.Tests.Support;

namespace SealService.Tests.Mail;

/// <summary>
/// Holders are told of every change in their own language, in the same transaction as the change; their certificate page
/// shows the status, its reason and a dated history.
/// </summary>
public sealed class HolderNoticeTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task A_change_request_mails_the_questions_to_the_holder()
    {
        var scenario = new AuditScenario(factory);
        var (organization, applicant) = await scenario.NewApplicantAsync();
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var auditor = AuditScenario.ActorOf(auditorUser, Roles.Auditor);
        var id = await scenario.StoreAsync(d => d.InAudit(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), auditor));
        var criterion = factory.Services.GetRequiredService<SealProgramCatalog>().FindProgram("smig")!.Current.Criteria[0].Id;

        await factory.WithScopeAsync(sp => sp.GetRequiredService<AuditWorkflow>().RequestChangesAsync(id,
            new Dictionary<string, string> { [criterion] = "Where is the data centre located?" }, auditor));

        var mail = Assert.Single(await factory.PickupMailsAsync(), m => m.Contains($"To: {applicant.Email}", StringComparison.Ordinal) && m.Contains("Questions from the auditor", StringComparison.Ordinal));
        Assert.Contains($"{criterion}: Where is the data centre located?", mail, StringComparison.Ordinal);
        Assert.Contains($"https://seals.example.org/Apply/Application/{id}", mail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en", "Questions from the auditor", "has questions about 1 criterion.")]
    [InlineData("de", "Rückfragen des Prüfers", "hat Rückfragen zu 1 Kriterium.")]
    [InlineData("fr", "Questions de l’auditeur", "a des questions sur 1 critère.")]
    [InlineData("rw", "Ibibazo by'umugenzuzi", "afite ibibazo ku gisabwa 1.")]
    public async Task A_change_request_mail_is_in_the_holders_language_with_a_proper_singular(string language, string subject, string sentence)
    {
        var scenario = new AuditScenario(factory);
        var (organization, applicant) = await scenario.NewApplicantAsync();
        await SetLanguageAsync(applicant, language);
        var auditorUser = await factory.CreateUserAsync(Roles.Auditor);
        var auditor = AuditScenario.ActorOf(auditorUser, Roles.Auditor);
        var id = await scenario.StoreAsync(d => d.InAudit(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), auditor));
        var criterion = factory.Services.GetRequiredService<SealProgramCatalog>().FindProgram("smig")!.Current.Criteria[0].Id;

        await factory.WithScopeAsync(sp => sp.GetRequiredService<AuditWorkflow>().RequestChangesAsync(id,
            new Dictionary<string, string> { [criterion] = "Where is the data centre located?" }, auditor));

        var queued = Assert.Single(await factory.OutboxAsync(), m => m.Recipient == applicant.Email && m.Kind == "application.changes-requested");
        Assert.StartsWith(subject, queued.Subject, StringComparison.Ordinal);
        var mail = Assert.Single(await factory.PickupMailsAsync(), m => m.Contains($"To: {applicant.Email}", StringComparison.Ordinal));
        Assert.Contains(sentence, mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expiry_reminder_reaches_a_German_holder_in_German_through_the_outbox()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        await SetLanguageAsync(scenario.Applicant, "de");
        await factory.WithScopeAsync(async sp =>
        {
            var time = factory.Time;
            time.Advance(scenario.Certificate.ValidUntil - TimeSpan.FromDays(20) - time.GetUtcNow());
            await sp.GetRequiredService<ExpiryReminders>().SendDueRemindersAsync(CancellationToken.None);
        });

        var queued = Assert.Single(await factory.OutboxAsync(), m => m.Recipient == scenario.Applicant.Email && m.Kind == "certificate.expiry-reminder");
        Assert.StartsWith("Ihr Siegel läuft bald ab", queued.Subject, StringComparison.Ordinal);
        var mail = Assert.Single(await factory.PickupMailsAsync(), m => m.Contains($"To: {scenario.Applicant.Email}", StringComparison.Ordinal) && m.Contains("läuft bald ab", StringComparison.Ordinal));
        Assert.Contains("also noch 20 Tage", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_change_that_fails_stores_no_mail_and_one_that_commits_stores_its_mail()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var before = (await factory.OutboxAsync()).Count;
        // Reinstating an active certificate is refused by the domain: neither the change nor a mail is stored.
        await Assert.ThrowsAsync<DomainRuleViolation>(() => SmtpDeliveryTests.ChangeAsync(factory, scenario.Certificate.Serial, StatusChange.Reinstate, null, null));
        Assert.Equal(before, (await factory.OutboxAsync()).Count);

        await SmtpDeliveryTests.ChangeAsync(factory, scenario.Certificate.Serial, StatusChange.Suspend, StatusChangeReason.NonconformityFound, "Backups not encrypted");
        var suspended = Assert.Single(await factory.OutboxAsync(), m => m.Recipient == scenario.Applicant.Email && m.Kind == "certificate.suspended");
        var audit = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking()
            .SingleAsync(e => e.Action == "certificate.suspended" && e.EntityId == scenario.Certificate.Serial));
        Assert.Equal(audit.At, suspended.CreatedAt);
    }

    [Fact]
    public async Task The_holders_certificate_page_shows_status_reason_and_a_dated_history()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var serial = scenario.Certificate.Serial;
        var issuedOn = scenario.Certificate.IssuedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await SmtpDeliveryTests.ChangeAsync(factory, serial, StatusChange.Suspend, StatusChangeReason.FeeNotPaid, "Invoice 2026-17 is open");
        factory.Time.Advance(TimeSpan.FromDays(3));
        await SmtpDeliveryTests.ChangeAsync(factory, serial, StatusChange.Reinstate, null, null);
        factory.Time.Advance(TimeSpan.FromDays(2));
        await SmtpDeliveryTests.ChangeAsync(factory, serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "Seal shown on another product");
        var revokedOn = factory.Time.GetUtcNow().ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var client = await factory.CreateBrowserClient().SignInAsync(scenario.Applicant.Email!);
        var page = await client.GetDocumentAsync($"/Apply/Certificate/{serial}");
        var status = page.QuerySelector("#current-status")!.TextContent;
        Assert.Contains("revoked", status, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"since {revokedOn}", status, StringComparison.Ordinal);
        Assert.Contains("Misuse of the seal: Seal shown on another product", page.QuerySelector("#status-reason")!.TextContent, StringComparison.Ordinal);
        var rows = page.QuerySelectorAll("#status-history tbody tr").Select(r => r.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToArray()).ToList();
        Assert.Equal(["Issued", "Suspended", "Reinstated", "Revoked"], rows.Select(r => r[1]));
        Assert.Equal(issuedOn, rows[0][0]);
        Assert.Equal(revokedOn, rows[3][0]);
        Assert.Equal("The certification fee was not paid: Invoice 2026-17 is open", rows[1][2]);

        var mails = (await factory.OutboxAsync()).Where(m => m.Recipient == scenario.Applicant.Email).Select(m => m.Kind).ToList();
        Assert.Equal(["certificate.issued", "certificate.reinstated", "certificate.revoked", "certificate.suspended"], mails.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_member_of_another_organization_cannot_see_the_certificate_page()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var other = await new AuditScenario(factory).NewApplicantAsync();
        var client = await factory.CreateBrowserClient().SignInAsync(other.Applicant.Email!);
        var response = await client.GetAsync(new Uri($"/Apply/Certificate/{scenario.Certificate.Serial}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task SetLanguageAsync(AppUser user, string language) =>
        factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Users.SingleAsync(u => u.Id == user.Id)).PreferredLanguage = language;
            await db.SaveChangesAsync();
        });
}
