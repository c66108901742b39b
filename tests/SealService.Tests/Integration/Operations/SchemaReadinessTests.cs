using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Infrastructure.Telemetry;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Operations;

/// <summary>
/// Readiness says "not ready" while a migration is pending, and does not ask the database on every probe: a schema seen
/// current is remembered for <see cref="SchemaCheckMemo.RecheckAfter"/>, pending migrations never.
/// </summary>
public sealed class SchemaReadinessTests : IDisposable
{
    private readonly SealServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public void Start_up_has_seen_the_schema_current_so_the_first_probe_need_not_ask_again()
    {
        var memo = _factory.Services.GetRequiredService<SchemaCheckMemo>();
        Assert.True(memo.IsCurrentAt(_factory.Time.GetUtcNow()));
        Assert.False(memo.IsCurrentAt(_factory.Time.GetUtcNow() + SchemaCheckMemo.RecheckAfter + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Readiness_remembers_a_current_schema_for_a_while_but_never_a_pending_migration()
    {
        using var client = _factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode);

        // The newest migration disappears from the history, as after restoring an older backup under a running node.
        var newest = await _factory.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            var id = (await db.Database.GetAppliedMigrationsAsync()).Last();
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"__EFMigrationsHistory\" WHERE \"MigrationId\" = {0}", id);
            return id;
        });

        var remembered = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, remembered.StatusCode);

        _factory.Time.Advance(SchemaCheckMemo.RecheckAfter + TimeSpan.FromSeconds(1));
        var pending = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, pending.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode);

        await _factory.WithScopeAsync(async services =>
        {
            var db = services.GetRequiredService<AppDbContext>();
            await db.Database.ExecuteSqlRawAsync("INSERT INTO \"__EFMigrationsHistory\" (\"MigrationId\", \"ProductVersion\") VALUES ({0}, '10.0.5')", newest);
        });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode);
    }
}
