using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Renewal;

/// <summary>Moves its own clock past expiry, so it has its own app instance.</summary>
public sealed class ExpiredRenewalTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task An_expired_certificate_can_be_renewed_for_90_days_and_then_no_longer()
    {
        var scenario = await RenewalScenario.IssuedAsync(factory);
        var other = await RenewalScenario.IssuedAsync(factory);
        // Sign in after moving the clock: the sign-in cookie would have expired otherwise.
        factory.Time.Advance(scenario.Certificate.ValidUntil - factory.Time.GetUtcNow() + TimeSpan.FromDays(30));
        var client = await factory.CreateBrowserClient().SignInAsync(scenario.Applicant.Email!);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var list = await client.GetDocumentAsync("/Apply");
        var row = list.QuerySelector($"tr[data-serial='{scenario.Certificate.Serial}']")!;
        Assert.Equal("Abgelaufen", row.QuerySelector(".certificate-status .tag.bad")!.TextContent.Trim());
        Assert.Equal("Verlängern", row.QuerySelector("button.renew")!.TextContent.Trim());
        var response = await client.SubmitFormAsync(list, "/Apply", new Dictionary<string, string>(), $"tr[data-serial='{scenario.Certificate.Serial}'] form.renew-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Apply/Application/", response.Headers.Location!.OriginalString, StringComparison.Ordinal);

        factory.Time.Advance(TimeSpan.FromDays(61));
        var otherClient = await factory.CreateBrowserClient().SignInAsync(other.Applicant.Email!);
        otherClient.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var page = await otherClient.GetDocumentAsync($"/Apply/Certificate/{other.Certificate.Serial}");
        Assert.Null(page.QuerySelector("#renew-form"));
        Assert.Contains("kann nicht verlängert werden", page.QuerySelector("#renewal-unavailable")!.TextContent, StringComparison.Ordinal);
        var refused = await otherClient.PostAsync(new Uri($"/Apply/Certificate/{other.Certificate.Serial}?handler=Renew", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", page.AntiforgeryToken()!)]));
        var after = await otherClient.GetDocumentAsync(refused.Headers.Location!.OriginalString);
        Assert.Contains("vor mehr als 90 Tagen abgelaufen", after.QuerySelector(".notice.error")!.TextContent, StringComparison.Ordinal);
        Assert.False(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.AnyAsync(a => a.RenewsCertificateId == other.Certificate.Id)));
    }
}
