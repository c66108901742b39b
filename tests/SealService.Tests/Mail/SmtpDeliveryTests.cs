using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Integration.Renewal;
using SealService.Tests.Support;

namespace SealService.Tests.Mail;

/// <summary>
/// Mail over SMTP to a real server process on loopback (aiosmtpd): account mails and holder notices arrive with From, Date,
/// Message-ID, an RFC 2047 subject where needed, text and HTML parts, in the recipient's language, with public links.
/// </summary>
public sealed partial class SmtpDeliveryTests(SmtpSealServiceFactory factory) : IClassFixture<SmtpSealServiceFactory>
{
    private const string PublicBase = "https://seals.example.org/";

    [Fact]
    public async Task Registration_mail_arrives_in_the_registrants_language_with_correct_headers_and_a_public_link()
    {
        var email = $"neu-{Guid.NewGuid():N}@example.com";
        var client = factory.CreateBrowserClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        await client.SubmitFormAsync("/Identity/Account/Register", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = "Jürgen Neumann",
            ["Input.Email"] = email,
            ["Input.Password"] = SealServiceFactory.Password,
            ["Input.ConfirmPassword"] = SealServiceFactory.Password,
        });

        var mail = Assert.Single(await factory.Smtp.WaitForAsync(m => m.IsTo(email)));
        AssertHeaders(mail, email);
        Assert.Equal("Bestätigen Sie Ihre E-Mail-Adresse", mail.Message.Subject);
        Assert.Matches(@"(?m)^Subject: =\?utf-8\?", mail.Raw);
        Assert.Equal("de", mail.Message.Body?.Headers["Content-Language"]);
        Assert.Contains("Jürgen Neumann", mail.Text, StringComparison.Ordinal);
        Assert.StartsWith($"{PublicBase}Identity/Account/ConfirmEmail?userId=", Assert.Single(Links(mail)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Password_reset_mail_arrives_with_a_public_link()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = user.Email! });

        var mail = Assert.Single(await factory.Smtp.WaitForAsync(m => m.IsTo(user.Email!)));
        AssertHeaders(mail, user.Email!);
        Assert.Equal("Reset your password", mail.Message.Subject);
        Assert.StartsWith($"{PublicBase}Identity/Account/ResetPassword?code=", Assert.Single(Links(mail)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuance_suspension_reinstatement_and_revocation_each_tell_the_holder_with_public_links()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var serial = scenario.Certificate.Serial;
        var email = scenario.Applicant.Email!;

        var issued = Assert.Single(await factory.Smtp.WaitForAsync(m => m.IsTo(email) && (m.Message.Subject ?? "").StartsWith("Your seal is approved and issued", StringComparison.Ordinal)));
        AssertHeaders(issued, email);
        Assert.Contains(serial, issued.Message.Subject, StringComparison.Ordinal);
        var links = Links(issued);
        Assert.All(links, l => Assert.StartsWith(PublicBase, l, StringComparison.Ordinal));
        Assert.Contains($"{PublicBase}Apply/Certificate/{serial}", links);
        Assert.Contains($"{PublicBase}certificates/{serial}/certificate.pdf", links);
        Assert.Contains($"{PublicBase}certificates/{serial}/badge.svg", links);
        Assert.Contains($"{PublicBase}certificates/{serial}/qr.png", links);
        Assert.Contains(links, l => l.StartsWith($"{PublicBase}V/", StringComparison.Ordinal) && l.Length > PublicBase.Length + 20);
        Assert.Contains(serial, issued.Text, StringComparison.Ordinal);

        await ChangeAsync(serial, StatusChange.Suspend, StatusChangeReason.FeeNotPaid, "Invoice 2026-17 is open");
        var suspended = Assert.Single(await factory.Smtp.WaitForAsync(m => m.IsTo(email) && (m.Message.Subject ?? "").StartsWith("Your seal is suspended", StringComparison.Ordinal)));
        AssertHeaders(suspended, email);
        Assert.Contains("The certification fee was not paid: Invoice 2026-17 is open", suspended.Text, StringComparison.Ordinal);
        Assert.Contains("What to do", suspended.Text, StringComparison.Ordinal);

        await ChangeAsync(serial, StatusChange.Reinstate, null, null);
        Assert.Single(await factory.Smtp.WaitForAsync(m => m.IsTo(email) && (m.Message.Subject ?? "").StartsWith("Your seal is valid again", StringComparison.Ordinal)));

        // The holder switched to German meanwhile: the revocation arrives in German.
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Users.SingleAsync(u => u.Id == scenario.Applicant.Id)).PreferredLanguage = "de";
            await db.SaveChangesAsync();
        });
        await ChangeAsync(serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "Seal shown on another product");
        var revoked = Assert.Single(await factory.Smtp.WaitForAsync(m => m.IsTo(email) && (m.Message.Subject ?? "").StartsWith("Ihr Siegel ist widerrufen", StringComparison.Ordinal)));
        AssertHeaders(revoked, email);
        Assert.Contains("Seal shown on another product", revoked.Text, StringComparison.Ordinal);
        Assert.Contains("widerrufen", revoked.Html, StringComparison.Ordinal);
        Assert.Contains($"{PublicBase}Apply/Certificate/{serial}", Links(revoked));
    }

    private Task ChangeAsync(string serial, StatusChange change, StatusChangeReason? reason, string? details) => ChangeAsync(factory, serial, change, reason, details);

    internal static Task ChangeAsync(SealServiceFactory factory, string serial, StatusChange change, StatusChangeReason? reason, string? details) =>
        factory.WithScopeAsync(async sp =>
        {
            var certifier = await factory.CreateUserAsync(Roles.Certifier);
            await sp.GetRequiredService<CertificateStatusChanges>().ApplyAsync(serial, change, reason, details,
                new Actor(certifier.Id, certifier.DisplayName, null, new HashSet<string>([Roles.Certifier])), null, CancellationToken.None);
        });

    internal static void AssertHeaders(ReceivedMail mail, string to)
    {
        Assert.Equal([to], mail.EnvelopeTo);
        Assert.Equal([to], mail.Message.To.Mailboxes.Select(m => m.Address));
        var from = mail.Message.From.Mailboxes.Single();
        Assert.Equal("seals@example.org", from.Address);
        Assert.Equal("Prüfstelle Example", from.Name);
        Assert.False(string.IsNullOrEmpty(mail.Message.MessageId));
        Assert.EndsWith("@example.org", mail.Message.MessageId, StringComparison.Ordinal);
        Assert.InRange(mail.Message.Date, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        Assert.Matches(@"(?m)^Date: ", mail.Raw);
        Assert.IsType<MultipartAlternative>(mail.Message.Body);
        Assert.False(string.IsNullOrWhiteSpace(mail.Text));
        Assert.False(string.IsNullOrWhiteSpace(mail.Html));
        // Every raw header line is ASCII: non-ASCII names and subjects travel RFC 2047-encoded.
        var headerBlock = mail.Raw[..mail.Raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.All(headerBlock, c => Assert.True(c < 128, $"Non-ASCII header character '{c}' in:\n{headerBlock}"));
    }

    internal static List<string> Links(ReceivedMail mail) =>
        Href().Matches(mail.Html).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value)).ToList();

    [GeneratedRegex("href=\"(?<url>[^\"]+)\"")]
    private static partial Regex Href();
}
