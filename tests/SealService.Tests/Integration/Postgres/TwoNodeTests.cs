using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SealService.Certify;
using SealService.Domain;
using SealService.Tests.Integration.Issuance;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Postgres;

/// <summary>A second web node on the same PostgreSQL database and key store as <see cref="PostgresFactory"/>.</summary>
public sealed class SecondNode(PostgresFactory first) : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = first.ConnectionString,
        ["Keys:Directory"] = first.KeysDirectory,
    };
}

/// <summary>
/// Two stateless web nodes behind one database: what a certifier changes through node A is what a person scanning the
/// seal sees through node B, on the very next request (no node caches a status).
/// </summary>
public sealed class TwoNodeTests(PostgresFactory nodeA) : IClassFixture<PostgresFactory>
{
    [Theory]
    [InlineData(StatusChange.Suspend, "suspended")]
    [InlineData(StatusChange.Revoke, "revoked")]
    public async Task A_status_change_on_one_node_shows_on_the_other_within_a_second(StatusChange change, string expected)
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(nodeA);
        var certificate = await IssuedCertificates.IssueAsync(nodeA, application.Id, certifier);
        using var nodeB = new SecondNode(nodeA);
        var scanner = nodeB.CreateBrowserClient();
        var landing = "/V/" + certificate.QrToken;
        Assert.Equal("valid", (await scanner.GetDocumentAsync(landing)).QuerySelector("#verdict")!.GetAttribute("data-verdict"));

        await nodeA.WithScopeAsync(sp => sp.GetRequiredService<CertificateStatusChanges>().ApplyAsync(
            certificate.Serial, change, StatusChangeReason.NonconformityFound, "two-node test", Actor.System, null, CancellationToken.None));
        var clock = Stopwatch.StartNew();

        var page = await scanner.GetDocumentAsync(landing);
        var api = await scanner.GetStringAsync(new Uri($"/api/v1/certificates/{certificate.Serial}", UriKind.Relative));
        var badge = await scanner.GetAsync(new Uri($"/certificates/{certificate.Serial}/badge.svg", UriKind.Relative));
        clock.Stop();

        Assert.Equal(expected, page.QuerySelector("#verdict")!.GetAttribute("data-verdict"));
        Assert.Contains($"\"status\":\"{expected}\"", api, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, badge.StatusCode);
        // The badge's green "valid until" state is gone.
        Assert.DoesNotContain("#1a7f37", await badge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"node B answered after {clock.Elapsed.TotalMilliseconds:F0} ms");
    }
}
