using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Domain;
using SealService.Tests.Integration.Apply;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Security;

/// <summary>
/// Safety net for authorization: every page and endpoint of the running app is discovered from its endpoint data
/// sources, so a page added without a policy fails here. Only the routes in <see cref="PublicRoutes"/> may answer anonymously.
/// </summary>
public sealed class AuthorizationMatrixTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    /// <summary>Route templates (as the router sees them) anyone may open; a trailing * matches the rest of the template.</summary>
    private static readonly string[] PublicRoutes =
    [
        "/", "/Index", "/Verify*", "/V/{token}", "/Registry*", "/api/v1/*", "/.well-known/*", "/certificates/{serial}/*",
        "/healthz*", "/Culture", "/Status/{code:int}", "/Error", "/AccessDenied", "/Work", "/Programs*",
        "/log/*",
        "/Identity/Account/Login", "/Identity/Account/Register", "/Identity/Account/RegisterConfirmation",
        "/Identity/Account/ConfirmEmail", "/Identity/Account/ConfirmEmailChange", "/Identity/Account/ForgotPassword",
        "/Identity/Account/ForgotPasswordConfirmation", "/Identity/Account/ResetPassword", "/Identity/Account/ResetPasswordConfirmation",
        "/Identity/Account/ResendEmailConfirmation", "/Identity/Account/Lockout", "/Identity/Account/LoginWith2fa",
        "/Identity/Account/LoginWithRecoveryCode", "/Identity/Account/ExternalLogin", "/Identity/Account/AccessDenied",
        "/Identity/Account/Logout",
        // The default Identity UI's own error page (request id only).
        "/Identity/Error",
    ];

    private const string LoginPath = "/Identity/Account/Login";

    [Fact]
    public void Discovery_finds_the_pages_of_every_feature_folder_and_every_public_route_still_exists()
    {
        var routes = DiscoverRoutes();
        foreach (var folder in new[] { "/Apply", "/Audit", "/Certify", "/Admin", "/Identity/Account/Manage" })
        {
            Assert.Contains(routes, r => r.Template.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase));
        }

        Assert.Contains(routes, r => r.Template == "/Apply/Evidence/{id:guid}" && !r.IsPage);
        Assert.Contains(routes, r => r.Template == "/Apply/Application/{id:guid}/Criterion/{criterionId}" && r.IsPage);
        var stale = PublicRoutes.Where(p => !routes.Any(r => IsPublic(r.Template) && Matches(p, r.Template))).ToList();
        Assert.True(stale.Count == 0, "Allow-list entries without a route: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_non_public_route_sends_anonymous_visitors_to_sign_in()
    {
        var client = factory.CreateBrowserClient();
        var failures = new List<string>();
        foreach (var route in DiscoverRoutes().Where(r => !IsPublic(r.Template) && r.Accepts(HttpMethods.Get)))
        {
            var response = await client.GetAsync(new Uri(route.SampleUrl, UriKind.Relative));
            if (!IsLoginRedirect(response) && response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.NotFound))
            {
                failures.Add($"GET {route.SampleUrl} ({route.Template}) answered {Describe(response)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    public static TheoryData<string, string> RefusedRoles => new()
    {
        { Roles.Applicant, "/Audit" },
        { Roles.Applicant, "/Certify" },
        { Roles.Applicant, "/Admin" },
        { Roles.Auditor, "/Certify" },
        { Roles.Auditor, "/Admin" },
        { Roles.Certifier, "/Admin" },
    };

    [Theory]
    [MemberData(nameof(RefusedRoles))]
    public async Task Staff_folders_refuse_roles_below_them(string role, string folder)
    {
        var client = await SignedInAsync(role);
        var routes = DiscoverRoutes().Where(r => r.Template.StartsWith(folder + "/", StringComparison.OrdinalIgnoreCase) || r.Template == folder).ToList();
        Assert.NotEmpty(routes);
        var failures = new List<string>();
        foreach (var route in routes.Where(r => r.Accepts(HttpMethods.Get)))
        {
            var response = await client.GetAsync(new Uri(route.SampleUrl, UriKind.Relative));
            var deniedRedirect = response.StatusCode == HttpStatusCode.Redirect
                && response.Headers.Location!.OriginalString.Contains("/AccessDenied", StringComparison.OrdinalIgnoreCase);
            if (!deniedRedirect && response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
            {
                failures.Add($"{role}: GET {route.SampleUrl} answered {Describe(response)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Posts_to_non_public_pages_without_an_antiforgery_token_are_refused()
    {
        var anonymous = factory.CreateBrowserClient();
        var applicant = await SignedInAsync(Roles.Applicant);
        var admin = await SignedInAsync(Roles.Admin);
        var failures = new List<string>();
        foreach (var route in DiscoverRoutes().Where(r => !IsPublic(r.Template) && r.Accepts(HttpMethods.Post)))
        {
            var response = await anonymous.PostAsync(new Uri(route.SampleUrl, UriKind.Relative), new FormUrlEncodedContent([]));
            if (!IsLoginRedirect(response))
            {
                failures.Add($"anonymous POST {route.SampleUrl} answered {Describe(response)}");
            }

            // Signed in with a role that passes the folder policy, so only the missing token can refuse the post.
            var member = route.Template.StartsWith("/Apply", StringComparison.OrdinalIgnoreCase) || route.Template.StartsWith("/Identity", StringComparison.OrdinalIgnoreCase)
                ? applicant
                : admin;
            response = await member.PostAsync(new Uri(route.SampleUrl, UriKind.Relative), new FormUrlEncodedContent([]));
            if (response.StatusCode != HttpStatusCode.BadRequest && !IsLoginRedirect(response))
            {
                failures.Add($"signed-in POST {route.SampleUrl} without a token answered {Describe(response)}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private async Task<HttpClient> SignedInAsync(string role)
    {
        var user = role == Roles.Applicant
            ? await factory.CreateUserAsync(role, ApplyTestData.NewOrganization())
            : await factory.CreateUserAsync(role);
        return await factory.CreateBrowserClient().SignInAsync(user.Email!);
    }

    private List<DiscoveredRoute> DiscoverRoutes()
    {
        // Building the client starts the app, which maps the endpoints into the data source.
        using var _ = factory.CreateClient();
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        return endpoints
            .Select(e => new DiscoveredRoute(
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                SampleUrl(e.RoutePattern),
                e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods,
                e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null))
            .DistinctBy(r => r.Template, StringComparer.OrdinalIgnoreCase)
            .OrderBy(r => r.Template, StringComparer.Ordinal)
            .ToList();
    }

    private static string SampleUrl(RoutePattern pattern)
    {
        var segments = new List<string>();
        foreach (var segment in pattern.PathSegments)
        {
            var text = string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart { IsOptional: true } => "",
                RoutePatternParameterPart parameter => SampleValue(parameter),
                _ => "",
            }));
            if (text.Length > 0)
            {
                segments.Add(text);
            }
        }

        return "/" + string.Join("/", segments);
    }

    private static string SampleValue(RoutePatternParameterPart parameter) => parameter.Name.ToLowerInvariant() switch
    {
        "serial" => "SMIG-0000-0000-0",
        "code" => "404",
        "programid" => "smig",
        "version" => "2025.1",
        _ when parameter.ParameterPolicies.Any(p => p.Content == "int") => "1",
        _ => Guid.NewGuid().ToString(),
    };

    private static bool IsPublic(string template) => PublicRoutes.Any(p => Matches(p, template));

    private static bool Matches(string allowed, string template) =>
        allowed.EndsWith('*')
            ? template.StartsWith(allowed[..^1], StringComparison.OrdinalIgnoreCase)
            : string.Equals(allowed, template, StringComparison.OrdinalIgnoreCase);

    private static bool IsLoginRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect
        && response.Headers.Location!.OriginalString.Contains(LoginPath, StringComparison.OrdinalIgnoreCase);

    private static string Describe(HttpResponseMessage response) =>
        $"{(int)response.StatusCode} {response.Headers.Location?.OriginalString}";

    private sealed record DiscoveredRoute(string Template, string SampleUrl, IReadOnlyList<string>? Methods, bool IsPage)
    {
        /// <summary>Pages carry no method metadata: they take every method and pick the handler themselves.</summary>
        public bool Accepts(string method) => Methods is null || Methods.Contains(method, StringComparer.OrdinalIgnoreCase);
    }
}
