using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Issuance;
using SealService.Renewal;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Renewal;

/// <summary>An app of its own per test (the tests move the clock by months); the background loop is off unless a test turns it on.</summary>
public sealed class ReminderFactory(IDictionary<string, string?>? settings = null) : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
    {
        ["Reminders:Enabled"] = settings?.TryGetValue("Reminders:Enabled", out var enabled) == true ? enabled : "false",
    };

    public Task<int> SendDueRemindersAsync() =>
        WithScopeAsync(sp => sp.GetRequiredService<ExpiryReminders>().SendDueRemindersAsync(CancellationToken.None));

    public Task<List<int>> RemindersOfAsync(Certificate certificate) =>
        WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().CertificateReminders.Where(r => r.CertificateId == certificate.Id)
            .OrderByDescending(r => r.DaysBefore).Select(r => r.DaysBefore).ToListAsync());

    /// <summary>Reminder mails in the pickup folder addressed to <paramref name="user"/> that name the certificate.</summary>
    public async Task<List<string>> MailsForAsync(AppUser user, Certificate certificate) =>
        (await this.PickupMailsAsync())
            .Where(m => m.Contains($"To: {user.Email}", StringComparison.Ordinal) && m.Contains("Your seal expires soon", StringComparison.Ordinal)
                && m.Contains(certificate.Serial, StringComparison.Ordinal))
            .ToList();

    /// <summary>Moves the clock to <paramref name="left"/> before the certificate's expiry.</summary>
    public void MoveTo(Certificate certificate, TimeSpan left) => Time.Advance(certificate.ValidUntil - left - Time.GetUtcNow());
}

public sealed class ExpiryReminderTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    [Fact]
    public async Task Reminders_go_out_at_60_30_and_7_days_each_exactly_once()
    {
        using var factory = new ReminderFactory();
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var certificate = scenario.Certificate;

        Assert.Equal(0, await factory.SendDueRemindersAsync());
        factory.MoveTo(certificate, TimeSpan.FromDays(60) + Hour);
        Assert.Equal(0, await factory.SendDueRemindersAsync());
        Assert.Empty(await factory.MailsForAsync(scenario.Applicant, certificate));

        factory.MoveTo(certificate, TimeSpan.FromDays(60) - Hour);
        Assert.Equal(1, await factory.SendDueRemindersAsync());
        Assert.Equal(0, await factory.SendDueRemindersAsync());
        Assert.Equal([60], await factory.RemindersOfAsync(certificate));
        Assert.Single(await factory.MailsForAsync(scenario.Applicant, certificate));

        factory.MoveTo(certificate, TimeSpan.FromDays(30) - Hour);
        Assert.Equal(1, await factory.SendDueRemindersAsync());
        factory.MoveTo(certificate, TimeSpan.FromDays(7) - Hour);
        Assert.Equal(1, await factory.SendDueRemindersAsync());
        Assert.Equal(0, await factory.SendDueRemindersAsync());
        factory.MoveTo(certificate, -TimeSpan.FromDays(1));
        Assert.Equal(0, await factory.SendDueRemindersAsync());

        Assert.Equal([60, 30, 7], await factory.RemindersOfAsync(certificate));
        var mails = await factory.MailsForAsync(scenario.Applicant, certificate);
        Assert.Equal(3, mails.Count);
        // Each member reads the reminder in their own language (English for this applicant; see HolderNoticeTests for German).
        Assert.Contains(mails, m => m.Contains("7 days from now", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Contains("60 days from now", StringComparison.Ordinal));
        Assert.All(mails, m => Assert.Contains($"href=\"https://seals.example.org/Apply/Certificate/{certificate.Serial}\"", m, StringComparison.Ordinal));
        var audited = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog
            .CountAsync(e => e.Action == "certificate.expiry-reminder" && e.EntityId == certificate.Id.ToString()));
        Assert.Equal(3, audited);
    }

    [Fact]
    public async Task Suspended_revoked_and_superseded_certificates_get_no_reminder()
    {
        using var factory = new ReminderFactory();
        var active = await RenewalScenario.IssuedAsync(factory);
        var suspended = await RenewalScenario.IssuedAsync(factory);
        var revoked = await RenewalScenario.IssuedAsync(factory);
        var superseded = await RenewalScenario.IssuedAsync(factory);
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var now = factory.Time.GetUtcNow();
            (await db.Certificates.SingleAsync(c => c.Id == suspended.Certificate.Id)).Suspend(StatusChangeReason.FeeNotPaid, "", suspended.Certifier, now);
            (await db.Certificates.SingleAsync(c => c.Id == revoked.Certificate.Id)).Revoke(StatusChangeReason.MisuseOfSeal, "", revoked.Certifier, now);
            (await db.Certificates.SingleAsync(c => c.Id == superseded.Certificate.Id)).Supersede(superseded.Certifier, now);
            await db.SaveChangesAsync();
        });

        factory.MoveTo(active.Certificate, TimeSpan.FromDays(6));
        Assert.Equal(1, await factory.SendDueRemindersAsync());

        Assert.Single(await factory.MailsForAsync(active.Applicant, active.Certificate));
        foreach (var skipped in new[] { suspended, revoked, superseded })
        {
            Assert.Empty(await factory.RemindersOfAsync(skipped.Certificate));
            Assert.Empty(await factory.MailsForAsync(skipped.Applicant, skipped.Certificate));
        }
    }

    [Fact]
    public async Task A_certificate_found_late_gets_one_mail_for_the_nearest_threshold_and_no_older_ones_afterwards()
    {
        using var factory = new ReminderFactory();
        var scenario = await RenewalScenario.IssuedAsync(factory);
        factory.MoveTo(scenario.Certificate, TimeSpan.FromDays(5));

        Assert.Equal(1, await factory.SendDueRemindersAsync());
        Assert.Equal(0, await factory.SendDueRemindersAsync());

        Assert.Equal([60, 30, 7], await factory.RemindersOfAsync(scenario.Certificate));
        var mail = Assert.Single(await factory.MailsForAsync(scenario.Applicant, scenario.Certificate));
        Assert.Contains("5 days from now", mail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thresholds_come_from_configuration()
    {
        using var factory = new ReminderFactory(new Dictionary<string, string?> { ["Reminders:DaysBefore:0"] = "14" });
        var scenario = await RenewalScenario.IssuedAsync(factory);
        factory.MoveTo(scenario.Certificate, TimeSpan.FromDays(20));
        Assert.Equal(0, await factory.SendDueRemindersAsync());
        factory.MoveTo(scenario.Certificate, TimeSpan.FromDays(13));
        Assert.Equal(1, await factory.SendDueRemindersAsync());
        Assert.Equal([14], await factory.RemindersOfAsync(scenario.Certificate));
    }

    [Fact]
    public async Task The_background_service_sends_when_the_interval_has_passed()
    {
        using var factory = new ReminderFactory(new Dictionary<string, string?> { ["Reminders:Enabled"] = "true", ["Reminders:Interval"] = "01:00:00" });
        var scenario = await RenewalScenario.IssuedAsync(factory);
        factory.MoveTo(scenario.Certificate, TimeSpan.FromDays(59));

        var reminders = new List<int>();
        for (var attempt = 0; attempt < 100 && reminders.Count == 0; attempt++)
        {
            await Task.Delay(100);
            reminders = await factory.RemindersOfAsync(scenario.Certificate);
        }

        Assert.Equal([60], reminders);
        Assert.Single(await factory.MailsForAsync(scenario.Applicant, scenario.Certificate));
        Assert.Equal(0, await factory.SendDueRemindersAsync());
    }
}
