using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SealService.Infrastructure;

public enum JobRun
{
    /// <summary>This node did the work.</summary>
    Ran,

    /// <summary>Another run holds the job's lock (on this node or another one); it does the work.</summary>
    RunningElsewhere,

    /// <summary>A run on some node finished less than an interval ago.</summary>
    NotDue,
}

/// <summary>
/// Periodic background work done once across every node that shares the database. Each node keeps its own timer; a run
/// takes the job's lock (<see cref="IJobLock"/>: an advisory lock on PostgreSQL) and then reads the job's record
/// (<see cref="ClusterJobRecord"/>), so whichever node's timer fires first does the work and the others find it done. A node
/// that dies mid-run loses its lock with its database session and leaves the run unfinished in the record, so the next
/// node whose timer fires does it again.
/// </summary>
public sealed class ClusterJobs(IJobLock locks, IServiceScopeFactory scopes, TimeProvider time, ILogger<ClusterJobs> logger)
{
    /// <summary>Names this node in <see cref="ClusterJobRecord.StartedBy"/> (machine, process and host instance).</summary>
    public string Node { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>
    /// Runs <paramref name="work"/> in a scope of its own unless another run of <paramref name="job"/> is under way or one
    /// started less than <paramref name="interval"/> ago and finished (<see cref="TimeSpan.Zero"/>: only the lock). An
    /// exception from the work propagates and leaves the run unfinished, so the next attempt on any node runs it again.
    /// </summary>
    public async Task<JobRun> RunIfDueAsync(string job, TimeSpan interval, Func<IServiceProvider, CancellationToken, Task> work, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        ArgumentNullException.ThrowIfNull(work);
        await using var held = await locks.TryAcquireAsync(job, ct);
        if (held is null)
        {
            logger.LogDebug("Job {Job} is running on another node or in another run; leaving it to that one.", job);
            return JobRun.RunningElsewhere;
        }

        using var bookkeeping = scopes.CreateScope();
        var db = bookkeeping.ServiceProvider.GetRequiredService<AppDbContext>();
        var record = await db.Set<ClusterJobRecord>().FindAsync([job], ct);
        if (record is null)
        {
            record = new ClusterJobRecord(job);
            db.Add(record);
        }
        else if (!record.IsDue(time.GetUtcNow(), interval))
        {
            logger.LogDebug("Job {Job} ran at {StartedAt:u} on {Node}; not due yet.", job, record.StartedAt, record.StartedBy);
            return JobRun.NotDue;
        }

        record.Start(Node, time.GetUtcNow());
        await db.SaveChangesAsync(ct);
        using (var scope = scopes.CreateScope())
        {
            await work(scope.ServiceProvider, ct);
        }

        record.Complete(time.GetUtcNow());
        // Recorded even when the node is shutting down: the work is done, another node need not repeat it.
        await db.SaveChangesAsync(CancellationToken.None);
        return JobRun.Ran;
    }
}

/// <summary>The latest run of a <see cref="ClusterJobs"/> job: which node started it when, and whether it finished.</summary>
public sealed class ClusterJobRecord
{
    private ClusterJobRecord()
    {
    }

    public ClusterJobRecord(string name)
    {
        Name = name;
    }

    public string Name { get; private set; } = "";

    public DateTimeOffset? StartedAt { get; private set; }

    public string? StartedBy { get; private set; }

    /// <summary>When the latest finished run ended; earlier than <see cref="StartedAt"/> while a run is under way or after one died or failed.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    public bool IsFinished => StartedAt is { } started && CompletedAt >= started;

    /// <summary>
    /// Due when the last run did not finish, or when it started at least an interval ago. Each node's timer has its own phase;
    /// a twentieth of the interval (at most a minute) of slack keeps a node's own next tick due despite timer jitter.
    /// </summary>
    public bool IsDue(DateTimeOffset now, TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero || StartedAt is not { } started || !(CompletedAt >= started))
        {
            return true;
        }

        var slack = TimeSpan.FromTicks(Math.Min(interval.Ticks / 20, TimeSpan.FromMinutes(1).Ticks));
        return now >= started + interval - slack;
    }

    public void Start(string node, DateTimeOffset now)
    {
        StartedAt = now;
        StartedBy = node;
    }

    public void Complete(DateTimeOffset now) => CompletedAt = now;
}

public sealed class ClusterJobRecordConfiguration : IEntityTypeConfiguration<ClusterJobRecord>
{
    public void Configure(EntityTypeBuilder<ClusterJobRecord> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("ClusterJobs");
        builder.HasKey(j => j.Name);
        builder.Property(j => j.Name).HasMaxLength(100);
        builder.Property(j => j.StartedBy).HasMaxLength(200);
        builder.Ignore(j => j.IsFinished);
    }
}

public static class ClusterJobsRegistration
{
    /// <summary>The job lock that fits the storage provider (advisory locks on PostgreSQL, in memory on SQLite) and <see cref="ClusterJobs"/>.</summary>
    public static IServiceCollection AddClusterJobs(this IServiceCollection services)
    {
        services.AddSingleton<IJobLock>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value is { } storage
            && string.Equals(storage.Provider, "Postgres", StringComparison.OrdinalIgnoreCase)
                ? new PostgresJobLock(storage.ConnectionString ?? throw new InvalidOperationException("Storage:ConnectionString is required when Storage:Provider is Postgres."))
                : new InProcessJobLock());
        services.AddSingleton<ClusterJobs>();
        return services;
    }
}
