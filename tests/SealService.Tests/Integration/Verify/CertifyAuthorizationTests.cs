using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Verify;

public sealed class CertifyAuthorizationTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    [Theory]
    [InlineData(Roles.Applicant)]
    [InlineData(Roles.Auditor)]
    public async Task Applicants_and_auditors_cannot_list_suspend_or_revoke(string role)
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var user = await factory.CreateUserAsync(role, role == Roles.Applicant ? Organization.Create(new OrganizationProfile("Other GmbH", "GmbH", "HRB 1", "DE", "", "", "", null, "", "", false), factory.Time.GetUtcNow()) : null);
        var client = await factory.CreateBrowserClient().SignInAsync(user.Email!);

        foreach (var url in new[] { "/Certify/Certificates", $"/Certify/Certificate/{seal.Serial}" })
        {
            var response = await client.GetAsync(new Uri(url, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        // A valid antiforgery token of this user, taken from a page the user may see.
        var token = (await client.GetDocumentAsync("/Verify/Upload")).AntiforgeryToken()!;
        foreach (var handler in new[] { "Suspend", "Revoke" })
        {
            var response = await client.PostAsync(new Uri($"/Certify/Certificate/{seal.Serial}?handler={handler}", UriKind.Relative), new FormUrlEncodedContent(
            [
                new("__RequestVerificationToken", token),
                new("Input.Reason", nameof(StatusChangeReason.Other)),
                new("Input.Details", "not allowed"),
                new("Input.Confirm", "true"),
            ]));
            Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden, $"{handler} answered {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Redirect)
            {
                Assert.Contains("/AccessDenied", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
            }
        }

        var status = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().Where(c => c.Serial == seal.Serial).Select(c => c.Status).SingleAsync());
        Assert.Equal(CertificateStatus.Active, status);
    }

    [Fact]
    public async Task Anonymous_visitors_are_sent_to_sign_in()
    {
        var response = await factory.CreateBrowserClient().GetAsync(new Uri("/Certify/Certificates", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Identity/Account/Login", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
