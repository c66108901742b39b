using System.Text.RegularExpressions;
using SealService.Domain;
using SealService.Tests.Integration.Apply;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Security;

/// <summary>Every link in a mail is absolute and on the configured public address (Seal:PublicBaseUrl), never the request's host.</summary>
public sealed partial class MailLinkTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private const string PublicBase = "https://seals.example.org/";

    [Fact]
    public async Task The_submission_mail_links_to_the_application_on_the_public_address()
    {
        var (user, _, _) = await ApplyTestData.SignedInApplicantAsync(factory);
        var applicationId = await ApplyTestData.StartAsync(factory, user);
        await ApplyTestData.CompleteAsync(factory, user, applicationId);
        await ApplyTestData.SubmitAsync(factory, user, applicationId);

        var mail = Assert.Single(await MailsToAsync(user.Email!), m => m.Contains("Application submitted", StringComparison.Ordinal));
        Assert.Equal([$"{PublicBase}Apply/Application/{applicationId}"], Links(mail));
    }

    [Fact]
    public async Task A_password_reset_requested_with_a_forged_host_still_links_to_the_public_address()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = factory.CreateBrowserClient();
        var page = await client.GetDocumentAsync("/Identity/Account/ForgotPassword");
        client.DefaultRequestHeaders.Host = "attacker.example";
        await client.SubmitFormAsync(page, "/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = user.Email! });

        var mail = Assert.Single(await MailsToAsync(user.Email!));
        var link = Assert.Single(Links(mail));
        Assert.StartsWith($"{PublicBase}Identity/Account/ResetPassword?code=", link, StringComparison.Ordinal);
    }

    private async Task<List<string>> MailsToAsync(string email) =>
        (await factory.PickupMailsAsync())
            .Where(m => m.Contains($"To: {email}\n", StringComparison.Ordinal) || m.Contains($"To: {email}\r\n", StringComparison.Ordinal))
            .ToList();

    private static List<string> Links(string mail) =>
        Href().Matches(mail).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups["url"].Value)).ToList();

    [GeneratedRegex("href=\"(?<url>[^\"]+)\"")]
    private static partial Regex Href();
}
