using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using SealService.Certify;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Tests.Integration.Verify;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Api;

/// <summary>
/// Issue 15: no cache that follows HTTP may serve "valid" more than a few seconds after a revocation. Every answer that
/// states a status is either revalidated (no-cache with an ETag) or cacheable for at most five seconds; static artifacts
/// may be cached longer.
/// </summary>
public sealed class CachingRulesTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    private static IEnumerable<string> StatusBearingPaths(IssuedSeal seal) =>
    [
        $"/api/v1/certificates/{seal.Serial}",
        $"/api/v1/verify?url={Uri.EscapeDataString(seal.QrUrl)}",
        $"/api/v1/registry?q={Uri.EscapeDataString(seal.ProductName)}",
        seal.LandingPath,
        $"/certificates/{seal.Serial}/badge.svg",
        $"/Verify?serial={seal.Serial}",
        $"/Registry?q={Uri.EscapeDataString(seal.ProductName)}",
        "/Verify/Upload",
    ];

    [Fact]
    public async Task Every_status_bearing_answer_is_revalidated_or_cached_for_at_most_five_seconds()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var client = factory.CreateClient();
        foreach (var path in StatusBearingPaths(seal))
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            AssertStatusRule(path, response);
        }
    }

    [Fact]
    public async Task Unchanged_status_answers_revalidate_with_304_and_a_revocation_changes_the_etag()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var client = factory.CreateClient();
        var paths = new[] { $"/api/v1/certificates/{seal.Serial}", $"/certificates/{seal.Serial}/badge.svg", seal.LandingPath, $"/Verify?serial={seal.Serial}" };
        var etags = new Dictionary<string, EntityTagHeaderValue>();
        foreach (var path in paths)
        {
            var first = await client.GetAsync(new Uri(path, UriKind.Relative));
            var etag = first.Headers.ETag;
            Assert.True(etag is not null, $"{path} has no ETag");
            etags[path] = etag;
            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            again.Headers.IfNoneMatch.Add(etag);
            var revalidated = await client.SendAsync(again);
            Assert.True(revalidated.StatusCode == HttpStatusCode.NotModified, $"{path}: {revalidated.StatusCode}");
            Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
        }

        await SealStatesFixture.ChangeStatusAsync(factory, seal.Serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "Caching test");
        foreach (var path in paths)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
            request.Headers.IfNoneMatch.Add(etags[path]);
            var response = await client.SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} still answers {response.StatusCode} after the revocation");
            Assert.NotEqual(etags[path], response.Headers.ETag);
        }
    }

    [Fact]
    public async Task Static_artifacts_may_be_cached_and_errors_are_not()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var client = factory.CreateClient();
        foreach (var path in new[] { "/.well-known/seal-trust-list.json", $"/certificates/{seal.Serial}/qr.png", $"/api/v1/certificates/{seal.Serial}/payload" })
        {
            var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var cache = response.Headers.CacheControl;
            Assert.True(cache is { Public: true, MaxAge: not null } && cache.MaxAge >= TimeSpan.FromMinutes(5), $"{path}: {cache}");
        }

        var unknown = await client.GetAsync(new Uri("/api/v1/certificates/SMIG-0000-0000-0", UriKind.Relative));
        Assert.True(unknown.Headers.CacheControl?.NoCache == true, $"error answer: {unknown.Headers.CacheControl}");
    }

    /// <summary>A new public endpoint cannot be added without deciding how caches may keep it.</summary>
    [Fact]
    public void Every_public_verification_endpoint_declares_a_cache_rule()
    {
        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var publicPrefixes = new[] { "api/v1/certificates", "api/v1/verify", "api/v1/registry", "V/", "Verify", "Registry", "certificates/", ".well-known" };
        var checkedCount = 0;
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern.RawText?.TrimStart('/') ?? string.Empty;
            if (!publicPrefixes.Any(p => pattern.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            checkedCount++;
            Assert.True(endpoint.Metadata.GetMetadata<CacheRuleAttribute>() is not null, $"/{pattern} declares no cache rule (LiveStatusCache or ArtifactCache).");
        }

        Assert.True(checkedCount >= 12, $"only {checkedCount} public endpoints found");
    }

    private static void AssertStatusRule(string path, HttpResponseMessage response)
    {
        var cache = response.Headers.CacheControl;
        Assert.True(cache is not null, $"{path} has no Cache-Control");
        Assert.False(cache.SharedMaxAge > HttpCaching.MaxStatusAge, $"{path}: s-maxage {cache.SharedMaxAge}");
        Assert.Null(response.Content.Headers.Expires);
        if (cache.NoCache || cache.NoStore)
        {
            Assert.True(cache.NoStore || response.Headers.ETag is not null, $"{path}: no-cache without an ETag to revalidate against");
            return;
        }

        Assert.True(cache.MaxAge is not null && cache.MaxAge <= HttpCaching.MaxStatusAge, $"{path}: {cache}");
    }
}
