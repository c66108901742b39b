using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MimeKit;
using Npgsql;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Infrastructure.Mail;
using SealService.Issuance;
using SealService.Renewal;
using SealService.Tests.Integration.Issuance;
using SealService.Tests.Support;
using SealService.TransparencyLog;

namespace SealService.Tests.Integration.Postgres;

/// <summary>One PostgreSQL database, one key folder and one SMTP server that every node of a test shares; dropped afterwards.</summary>
public sealed class PostgresCluster : IDisposable
{
    public string ConnectionString { get; } = $"{PostgresFactory.BaseConnectionString};Database=sealservice_test_{Guid.NewGuid():N}";

    public string KeysDirectory { get; } = Path.Combine(Path.GetTempPath(), "sealservice-tests", "cluster-keys-" + Guid.NewGuid().ToString("N"));

    public SmtpSink Smtp { get; } = new();

    /// <summary>A started node; with <paramref name="transport"/> it hands mail to that instead of the shared SMTP server.</summary>
    public ClusterNode StartNode(IMailTransport? transport = null)
    {
        var node = new ClusterNode(this, transport);
        _ = node.Services;
        return node;
    }

    /// <summary>Ends the database session that holds the lock of <paramref name="job"/>: what the server does when that node's process dies.</summary>
    public async Task<int> KillLockSessionsAsync(string job)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT count(pg_terminate_backend(a.pid)) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
            WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = @name
            """, connection);
        command.Parameters.AddWithValue("name", PostgresJobLock.ApplicationNamePrefix + job);
        return Convert.ToInt32(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Smtp.Dispose();
        NpgsqlConnection.ClearAllPools();
        using (var db = new SealService.Data.Postgres.PostgresAppDbContext(
            new DbContextOptionsBuilder<SealService.Data.Postgres.PostgresAppDbContext>().UseNpgsql(ConnectionString).Options))
        {
            db.Database.EnsureDeleted();
        }

        try
        {
            Directory.Delete(KeysDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }
}

/// <summary>A web node of <see cref="PostgresCluster"/>. Its reminder timer is off: the tests run the jobs' ticks themselves.</summary>
public sealed class ClusterNode(PostgresCluster cluster, IMailTransport? transport) : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Postgres",
        ["Storage:ConnectionString"] = cluster.ConnectionString,
        ["Keys:Directory"] = cluster.KeysDirectory,
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = cluster.Smtp.Port.ToString(CultureInfo.InvariantCulture),
        ["Mail:Smtp:UseStartTls"] = "false",
        ["Mail:From"] = SmtpSealServiceFactory.From,
        ["Reminders:Enabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        if (transport is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<IMailTransport>();
                services.AddSingleton(transport);
            });
        }
    }

    public T HostedService<T>() => Services.GetServices<IHostedService>().OfType<T>().Single();

    public Task<int> DeliverOnceAsync() => WithScopeAsync(sp => sp.GetRequiredService<OutboxDispatcher>().DeliverDueAsync(CancellationToken.None));
}

/// <summary>A mail server that accepts the connection and then never answers: the node sending through it hangs mid-send.</summary>
public sealed class HangingTransport : IMailTransport
{
    public TaskCompletionSource<string> Sending { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        Sending.TrySetResult(message.MessageId ?? "");
        await Task.Delay(Timeout.Infinite, ct);
    }
}

/// <summary>
/// Background work on two web nodes that share one PostgreSQL database: every mail goes out once, every reminder is queued
/// once, each periodic job runs on one node per interval, and work a node leaves behind when it dies is done by the other.
/// </summary>
/// <remarks>Each test has a database of its own: the jobs' records and the moved clocks of one test must not decide another's.</remarks>
public sealed class TwoNodeBackgroundTests
{
    private const string ReminderKind = "certificate.expiry-reminder";

    [Fact]
    public async Task Two_nodes_working_through_the_same_outbox_at_once_send_each_mail_exactly_once()
    {
        using var cluster = new PostgresCluster();
        using var nodeA = cluster.StartNode();
        using var nodeB = cluster.StartNode();
        var tag = Guid.NewGuid().ToString("N")[..8];
        const int count = 24;
        await nodeA.WithScopeAsync(async sp =>
        {
            var outbox = sp.GetRequiredService<MailOutbox>();
            for (var i = 0; i < count; i++)
            {
                outbox.Enqueue(new OutgoingMail($"member{i}-{tag}@example.org", $"Outbox {tag} #{i}", "Hello", "<p>Hello</p>", "en", "test.two-node"));
            }

            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });

        // Node A's background sender is woken by the save; both nodes' dispatchers run beside it.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => (i % 2 == 0 ? nodeA : nodeB).DeliverOnceAsync())));
        await nodeA.DeliverMailAsync();
        await nodeB.DeliverMailAsync();

        var received = (await cluster.Smtp.WaitForAsync(m => (m.Message.Subject ?? "").StartsWith($"Outbox {tag} ", StringComparison.Ordinal), count))
            .Select(m => m.Message.Subject).ToList();
        Assert.Equal(count, received.Count);
        Assert.Equal(count, received.Distinct(StringComparer.Ordinal).Count());
        var rows = (await nodeB.OutboxAsync()).Where(m => m.Subject.StartsWith($"Outbox {tag} ", StringComparison.Ordinal)).ToList();
        Assert.All(rows, row => Assert.Equal(1, row.Attempts));
        Assert.All(rows, row => Assert.NotNull(row.SentAt));
    }

    [Fact]
    public async Task A_mail_claimed_by_a_node_that_dies_mid_send_is_sent_by_the_other_node_once_the_claim_expires()
    {
        using var cluster = new PostgresCluster();
        var hanging = new HangingTransport();
        using var nodeA = cluster.StartNode(hanging);
        using var nodeB = cluster.StartNode();
        var subject = $"Claimed {Guid.NewGuid():N}";
        await nodeA.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<MailOutbox>().Enqueue(new OutgoingMail("holder@example.org", subject, "Hello", "<p>Hello</p>", "en", "test.two-node"));
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        await hanging.Sending.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // Node A's claim holds: node B leaves the mail alone while it lasts.
        Assert.Equal(0, await nodeB.DeliverOnceAsync());
        nodeA.Dispose();
        Assert.Equal(0, await nodeB.DeliverOnceAsync());

        var lease = nodeB.Services.GetRequiredService<IOptions<MailOptions>>().Value.Outbox.Lease;
        nodeB.Time.Advance(lease + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await nodeB.DeliverOnceAsync());

        Assert.Single(await cluster.Smtp.WaitForAsync(m => m.Message.Subject == subject));
        var row = Assert.Single(await nodeB.OutboxAsync(), m => m.Subject == subject);
        Assert.NotNull(row.SentAt);
    }

    [Fact]
    public async Task Both_nodes_running_the_reminder_job_at_the_same_moment_queue_each_reminder_once()
    {
        using var cluster = new PostgresCluster();
        using var nodeA = cluster.StartNode();
        using var nodeB = cluster.StartNode();
        var (certificate, members) = await CertificateOfTwoMembersAsync(nodeA);
        var before = await RemindersQueuedAsync(nodeA, certificate);
        MoveClocks(certificate.ValidUntil - TimeSpan.FromDays(59), nodeA, nodeB);

        var runs = await Task.WhenAll(
            Task.Run(() => nodeA.HostedService<ExpiryReminderService>().RunOnceAsync(CancellationToken.None)),
            Task.Run(() => nodeB.HostedService<ExpiryReminderService>().RunOnceAsync(CancellationToken.None)));

        Assert.Single(runs, JobRun.Ran);
        Assert.Equal(0, before);
        Assert.Equal(members, await RemindersQueuedAsync(nodeA, certificate));
        // The other node's later tick finds this interval's run done.
        Assert.Equal(JobRun.NotDue, await nodeB.HostedService<ExpiryReminderService>().RunOnceAsync(CancellationToken.None));

        // Without the job (an admin command, a node with another interval), the reminder's unique row still decides: the
        // next threshold is queued by exactly one of two simultaneous runs.
        MoveClocks(certificate.ValidUntil - TimeSpan.FromDays(29), nodeA, nodeB);
        var direct = await Task.WhenAll(
            Task.Run(() => nodeA.WithScopeAsync(sp => sp.GetRequiredService<ExpiryReminders>().SendDueRemindersAsync(CancellationToken.None))),
            Task.Run(() => nodeB.WithScopeAsync(sp => sp.GetRequiredService<ExpiryReminders>().SendDueRemindersAsync(CancellationToken.None))));
        Assert.Equal(1, direct.Sum());
        Assert.Equal(2 * members, await RemindersQueuedAsync(nodeA, certificate));
    }

    [Fact]
    public async Task A_node_that_dies_in_the_middle_of_the_reminder_job_leaves_it_to_the_other_node_which_completes_it()
    {
        using var cluster = new PostgresCluster();
        using var nodeA = cluster.StartNode();
        using var nodeB = cluster.StartNode();
        var (certificate, members) = await CertificateOfTwoMembersAsync(nodeA);
        MoveClocks(certificate.ValidUntil - TimeSpan.FromDays(59), nodeA, nodeB);
        var interval = nodeA.Services.GetRequiredService<IOptions<ReminderOptions>>().Value.Interval;

        using var stop = new CancellationTokenSource();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stuck = nodeA.Services.GetRequiredService<ClusterJobs>().RunIfDueAsync(ExpiryReminderService.Job, interval, async (_, ct) =>
        {
            started.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
        }, stop.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(JobRun.RunningElsewhere, await nodeB.HostedService<ExpiryReminderService>().RunOnceAsync(CancellationToken.None));
        Assert.Equal(0, await RemindersQueuedAsync(nodeB, certificate));

        // Node A's process dies: the server ends its sessions, and with its lock session the lock.
        Assert.Equal(1, await cluster.KillLockSessionsAsync(ExpiryReminderService.Job));
        nodeA.Dispose();

        var run = JobRun.RunningElsewhere;
        for (var attempt = 0; attempt < 50 && run == JobRun.RunningElsewhere; attempt++)
        {
            await Task.Delay(100);
            run = await nodeB.HostedService<ExpiryReminderService>().RunOnceAsync(CancellationToken.None);
        }

        Assert.Equal(JobRun.Ran, run);
        Assert.Equal(members, await RemindersQueuedAsync(nodeB, certificate));
        var record = await nodeB.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<ClusterJobRecord>().AsNoTracking()
            .SingleAsync(r => r.Name == ExpiryReminderService.Job));
        Assert.True(record.IsFinished);
        Assert.Equal(nodeB.Services.GetRequiredService<ClusterJobs>().Node, record.StartedBy);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => stuck);
    }

    [Fact]
    public async Task Both_nodes_anchoring_the_audit_chain_at_the_same_moment_add_one_anchor()
    {
        using var cluster = new PostgresCluster();
        using var nodeA = cluster.StartNode();
        using var nodeB = cluster.StartNode();
        await nodeA.WithScopeAsync(async sp =>
        {
            sp.GetRequiredService<AuditTrail>().Record(Actor.System, "test.before-anchor", "Test", Guid.NewGuid().ToString());
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        });
        var anchorsBefore = await AnchorsAsync(nodeA);

        var runs = await Task.WhenAll(
            Task.Run(() => nodeA.HostedService<AuditAnchorService>().RunOnceAsync(CancellationToken.None)),
            Task.Run(() => nodeB.HostedService<AuditAnchorService>().RunOnceAsync(CancellationToken.None)));

        Assert.Single(runs, JobRun.Ran);
        Assert.Equal(anchorsBefore + 1, await AnchorsAsync(nodeB));
    }

    private static void MoveClocks(DateTimeOffset to, params SealServiceFactory[] nodes)
    {
        foreach (var node in nodes)
        {
            node.Time.SetUtcNow(to);
        }
    }

    /// <summary>An active certificate of an organization with two members, each of whom gets every reminder.</summary>
    private static async Task<(Certificate Certificate, int Members)> CertificateOfTwoMembersAsync(ClusterNode node)
    {
        var (application, organization, _, certifier) = await IssuedCertificates.ApprovedAsync(node);
        await node.CreateUserAsync(Roles.Applicant, organization);
        return (await IssuedCertificates.IssueAsync(node, application.Id, certifier), 2);
    }

    /// <summary>Reminder mails in the outbox that name the certificate.</summary>
    private static async Task<int> RemindersQueuedAsync(SealServiceFactory node, Certificate certificate) =>
        (await node.OutboxAsync()).Count(m => m.Kind == ReminderKind && m.Subject.Contains(certificate.Serial, StringComparison.Ordinal));

    private static Task<int> AnchorsAsync(SealServiceFactory node) =>
        node.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().TransparencyLog.CountAsync(r => r.Type == LogEntries.AuditAnchor));
}
