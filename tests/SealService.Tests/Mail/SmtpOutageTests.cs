using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure.Mail;
using SealService.Tests.Integration.Renewal;
using SealService.Tests.Support;

namespace SealService.Tests.Mail;

/// <summary>The SMTP server goes down: every change still commits, its mails wait in the outbox, and once the server is back each arrives exactly once.</summary>
public sealed class SmtpOutageTests(SmtpSealServiceFactory factory) : IClassFixture<SmtpSealServiceFactory>
{
    [Fact]
    public async Task During_an_SMTP_outage_nothing_is_lost_and_afterwards_every_mail_arrives_exactly_once()
    {
        factory.Smtp.Stop();
        var before = (await factory.OutboxAsync()).Select(m => m.Id).ToHashSet();

        // Registration, password reset, issuance and revocation while the mail server is down.
        var email = $"outage-{Guid.NewGuid():N}@example.com";
        await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Olga Outage",
            ["Input.Email"] = email,
            ["Input.Password"] = SealServiceFactory.Password,
            ["Input.ConfirmPassword"] = SealServiceFactory.Password,
        });
        var resetUser = await factory.CreateUserAsync(Roles.Applicant);
        await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = resetUser.Email! });
        var scenario = await RenewalScenario.IssuedAsync(factory);
        await SmtpDeliveryTests.ChangeAsync(factory, scenario.Certificate.Serial, StatusChange.Revoke, StatusChangeReason.HolderRequest, "Product discontinued");
        await factory.DeliverMailAsync();

        // The changes are committed; their mails are queued, tried, and waiting.
        Assert.Equal(CertificateStatus.Revoked, await factory.WithScopeAsync(sp =>
            sp.GetRequiredService<AppDbContext>().Certificates.Where(c => c.Id == scenario.Certificate.Id).Select(c => c.Status).SingleAsync()));
        var queued = (await factory.OutboxAsync()).Where(m => !before.Contains(m.Id)).ToList();
        Assert.Contains(queued, m => m.Recipient == email);
        Assert.Contains(queued, m => m.Recipient == resetUser.Email);
        Assert.Contains(queued, m => m.Recipient == scenario.Applicant.Email && m.Kind == "certificate.issued");
        Assert.Contains(queued, m => m.Recipient == scenario.Applicant.Email && m.Kind == "certificate.revoked");
        Assert.All(queued, m =>
        {
            Assert.Equal(OutboxState.Pending, m.State);
            Assert.True(m.Attempts >= 1, $"{m.Kind} to {m.Recipient} was never tried.");
            Assert.NotNull(m.LastError);
        });
        Assert.Empty(factory.Smtp.Messages());

        // The server is back; once the retry is due, the sender delivers everything.
        factory.Smtp.Start();
        factory.Time.Advance(TimeSpan.FromHours(2));
        await factory.DeliverMailAsync();
        var received = await factory.Smtp.WaitForAsync(_ => true, queued.Count);

        foreach (var mail in queued)
        {
            Assert.Single(received, r => r.Message.MessageId == mail.MessageId);
        }

        Assert.Equal(received.Count, received.Select(r => r.Message.MessageId).Distinct().Count());
        Assert.All(await factory.OutboxAsync(), m => Assert.Equal(OutboxState.Sent, m.State));

        // Nothing is sent twice afterwards.
        factory.Time.Advance(TimeSpan.FromHours(2));
        await factory.DeliverMailAsync();
        await Task.Delay(500);
        Assert.Equal(received.Count, factory.Smtp.Messages().Count);
    }
}
