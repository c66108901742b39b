using System.Net;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Domain;
using SealService.Tests.Integration.Apply;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Security;

/// <summary>
/// No page answers 500 to a form post it does not expect: every Razor page of the running app (enumerated from its
/// endpoint data source) gets a POST with a valid antiforgery token but no handler, and one with an unknown handler,
/// as every role and anonymously.
/// </summary>
public sealed class HandlerMatrixTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    public static TheoryData<string> Callers => new() { "anonymous", Roles.Applicant, Roles.Auditor, Roles.Certifier, Roles.Admin };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task Posts_with_no_or_an_unknown_handler_never_answer_500(string caller)
    {
        var (client, applicationId, criterionId) = await CallerAsync(caller);
        var failures = new List<string>();
        var pages = Pages(applicationId, criterionId);
        Assert.Contains(pages, p => p.StartsWith("/Apply/Application/", StringComparison.Ordinal));
        foreach (var url in pages)
        {
            // A fresh token each round: a post may sign the caller out (Logout comes last for that reason).
            // The upload verifier's form is on a public page, so every caller gets a token there.
            var token = (await client.GetDocumentAsync("/Verify/Upload")).AntiforgeryToken();
            Assert.NotNull(token);
            foreach (var target in new[] { url, url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "handler=NoSuchHandler" })
            {
                var response = await client.PostAsync(new Uri(target, UriKind.Relative), new FormUrlEncodedContent([new("__RequestVerificationToken", token!)]));
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{caller}: POST {target} answered {(int)response.StatusCode}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    public static TheoryData<string> NamedPages => new()
    {
        "/Apply/Application/{id}", "/Apply/Application/{id}/Criterion/{criterion}", "/Apply/Certificate/SMIG-0000-0000-0",
        "/Audit/Application/{id}", "/Certify/Application/{id}", "/Certify/Certificate/SMIG-0000-0000-0", "/Admin/Users",
    };

    [Theory]
    [MemberData(nameof(NamedPages))]
    public async Task The_pages_that_failed_answer_400_or_404_with_a_clear_page(string template)
    {
        var caller = template.StartsWith("/Apply", StringComparison.Ordinal) ? Roles.Applicant : Roles.Admin;
        var (client, applicationId, criterionId) = await CallerAsync(caller);
        var url = template.Replace("{id}", applicationId.ToString(), StringComparison.Ordinal).Replace("{criterion}", criterionId, StringComparison.Ordinal);
        var token = (await client.GetDocumentAsync("/")).AntiforgeryToken()!;

        foreach (var target in new[] { url, url + "?handler=NoSuchHandler" })
        {
            var response = await client.PostAsync(new Uri(target, UriKind.Relative), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            var html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"POST {target} answered {(int)response.StatusCode}");
            var page = await HtmlForms.ParseAsync(html);
            Assert.False(string.IsNullOrWhiteSpace(page.QuerySelector("h1")?.TextContent), $"POST {target}: no heading on the error page");
        }
    }

    [Fact]
    public async Task Sign_out_with_a_foreign_return_url_goes_home_instead_of_throwing()
    {
        var (client, _, _) = await CallerAsync(Roles.Applicant);
        var token = (await client.GetDocumentAsync("/")).AntiforgeryToken()!;

        var response = await client.PostAsync(new Uri("/Identity/Account/Logout?returnUrl=https://evil.example/", UriKind.Relative),
            new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    private async Task<(HttpClient Client, Guid ApplicationId, string CriterionId)> CallerAsync(string caller)
    {
        var applicant = await factory.CreateUserAsync(Roles.Applicant, ApplyTestData.NewOrganization());
        var applicationId = await ApplyTestData.StartAsync(factory, applicant);
        var criterionId = (await ApplyTestData.LoadAsync(factory, applicationId)).Declarations.Select(d => d.CriterionId).FirstOrDefault()
            ?? ApplicationTestData.Programs.FindProgram("smig")!.Current.Criteria[0].Id;
        var client = factory.CreateBrowserClient();
        if (caller == Roles.Applicant)
        {
            await client.SignInAsync(applicant.Email!);
        }
        else if (caller != "anonymous")
        {
            await client.SignInAsync((await factory.CreateUserAsync(caller)).Email!);
        }

        return (client, applicationId, criterionId);
    }

    /// <summary>Every page route with sample values; the account pages that end the session come last.</summary>
    private List<string> Pages(Guid applicationId, string criterionId)
    {
        using var _ = factory.CreateClient();
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<PageActionDescriptor>() is not null)
            .Select(e => SampleUrl(e.RoutePattern, applicationId, criterionId))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(u => u.StartsWith("/Identity", StringComparison.OrdinalIgnoreCase))
            .ThenBy(u => u.Contains("Logout", StringComparison.OrdinalIgnoreCase))
            .ThenBy(u => u, StringComparer.Ordinal)
            .ToList();
    }

    private static string SampleUrl(RoutePattern pattern, Guid applicationId, string criterionId)
    {
        var segments = pattern.PathSegments
            .Select(segment => string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart { IsOptional: true } => "",
                RoutePatternParameterPart parameter => parameter.Name.ToLowerInvariant() switch
                {
                    "serial" => "SMIG-0000-0000-0",
                    "code" => "404",
                    "criterionid" => criterionId,
                    "token" => "not-a-token",
                    _ when parameter.ParameterPolicies.Any(p => p.Content == "int") => "1",
                    _ => applicationId.ToString(),
                },
                _ => "",
            })))
            .Where(text => text.Length > 0);
        return "/" + string.Join("/", segments);
    }
}
