using System.Net;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Api;

public sealed class RateLimitedFactory : VerifyFactory
{
    protected override int PermitsPerMinute => 3;
}

public sealed class RateLimitingTests(RateLimitedFactory factory) : IClassFixture<RateLimitedFactory>
{
    [Fact]
    public async Task Too_many_requests_from_one_address_get_429_with_retry_after_and_other_pages_stay_open()
    {
        var client = factory.CreateClient();
        var answers = new List<HttpResponseMessage>();
        foreach (var path in new[] { "/api/v1/registry", "/Registry", "/Verify", "/V/ABCDEF", "/api/v1/registry" })
        {
            answers.Add(await client.GetAsync(new Uri(path, UriKind.Relative)));
        }

        Assert.All(answers.Take(3), a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        foreach (var rejected in answers.Skip(3))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, rejected.StatusCode);
            var retryAfter = Assert.Single(rejected.Headers.GetValues("Retry-After"));
            Assert.InRange(int.Parse(retryAfter, System.Globalization.CultureInfo.InvariantCulture), 1, 60);
        }

        Assert.Equal("application/problem+json", answers[^1].Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/", UriKind.Relative))).StatusCode);

        // The other public artifacts (badge, QR image, trust list, status lists) share the same per-address budget.
        foreach (var path in new[] { "/certificates/SMIG-0000-0000-0/badge.svg", "/.well-known/seal-trust-list.json", "/status/revocation/1" })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
        }
    }
}
