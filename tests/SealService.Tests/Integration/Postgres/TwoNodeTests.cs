using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
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

    [Fact]
    public async Task Both_nodes_append_to_the_audit_chain_at_the_same_time_and_no_write_is_refused()
    {
        using var nodeB = new SecondNode(nodeA);
        _ = nodeA.Services;
        _ = nodeB.Services;
        const string action = "test.two-node-write";
        var writes = Enumerable.Range(0, 24).Select(i => Task.Run(() => (i % 2 == 0 ? nodeA : (SealServiceFactory)nodeB).WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<AuditTrail>().Record(Actor.System, action, "Test", i.ToString(CultureInfo.InvariantCulture));
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        })));

        // Each save reads the chain's tail and appends after it; without one lock across nodes two saves pick the same position.
        await Task.WhenAll(writes);

        await nodeA.WithScopeAsync(async sp =>
        {
            var entries = await sp.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
            Assert.Equal(24, entries.Count(e => e.Action == action));
            Assert.Null(AuditChain.Verify(entries, sp.GetRequiredService<AuditChainKey>()));
        });
    }
}
