using SealService.Certify;
using SealService.Domain;
using SealService.Tests.Integration.Renewal;
using SealService.Tests.Integration.Verify;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

/// <summary>Issue 15 item 4: holders see every certificate with its current status, reason and date; an issued application no longer just reads "Issued".</summary>
public sealed class HolderCertificateStatusTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task A_revoked_certificate_stays_in_the_holders_lists_with_status_reason_and_date()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var serial = scenario.Certificate.Serial;
        factory.Time.Advance(TimeSpan.FromDays(3));
        var revokedOn = factory.Time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await SealStatesFixture.ChangeStatusAsync(factory, serial, StatusChange.Revoke, StatusChangeReason.FalseDeclaration, "Hosting abroad since March");
        var client = await factory.CreateBrowserClient().SignInAsync(scenario.Applicant.Email!);

        var list = await client.GetDocumentAsync("/Apply");
        var row = list.QuerySelector($"#certificates tr[data-serial='{serial}']");
        Assert.True(row is not null, "The revoked certificate is missing from the holder's list.");
        AssertRevoked(row.TextContent, revokedOn);
        var application = list.QuerySelector($"#applications tr[data-application-id='{scenario.ApplicationId}']")!;
        Assert.Contains("Revoked", application.TextContent, StringComparison.Ordinal);

        var applicationPage = await client.GetDocumentAsync($"/Apply/Application/{scenario.ApplicationId}");
        var issued = applicationPage.QuerySelector("#issued-certificate");
        Assert.True(issued is not null, "The issued application does not show its certificate.");
        Assert.Contains(serial, issued.TextContent, StringComparison.Ordinal);
        AssertRevoked(issued.TextContent, revokedOn);

        var certificatePage = await client.GetDocumentAsync($"/Apply/Certificate/{serial}");
        AssertRevoked(certificatePage.QuerySelector("#certificate-status")!.TextContent, revokedOn);
    }

    [Fact]
    public async Task An_active_certificate_reads_valid_on_the_application()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var client = await factory.CreateBrowserClient().SignInAsync(scenario.Applicant.Email!);
        var applicationPage = await client.GetDocumentAsync($"/Apply/Application/{scenario.ApplicationId}");
        var issued = applicationPage.QuerySelector("#issued-certificate")!.TextContent;
        Assert.Contains("Valid", issued, StringComparison.Ordinal);
        Assert.DoesNotContain("Reason", issued, StringComparison.Ordinal);
    }

    private static void AssertRevoked(string text, string date)
    {
        Assert.Contains("Revoked", text, StringComparison.Ordinal);
        Assert.Contains("False statements in the application", text, StringComparison.Ordinal);
        Assert.Contains("Hosting abroad since March", text, StringComparison.Ordinal);
        Assert.Contains(date, text, StringComparison.Ordinal);
    }
}
