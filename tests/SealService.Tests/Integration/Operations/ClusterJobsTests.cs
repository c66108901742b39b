using Microsoft.Extensions.DependencyInjection;
using SealService.Infrastructure;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Operations;

/// <summary>
/// The scheduling rules every periodic background job follows, on SQLite with the in-process lock (the PostgreSQL tests in
/// Integration/Postgres run the same jobs on two nodes with advisory locks).
/// </summary>
public sealed class ClusterJobsTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private ClusterJobs Jobs => factory.Services.GetRequiredService<ClusterJobs>();

    private static string NewJob() => "test-" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_run_while_another_run_of_the_same_job_is_under_way_leaves_the_work_to_that_one()
    {
        var job = NewJob();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = Jobs.RunIfDueAsync(job, Hour, async (_, _) =>
        {
            started.SetResult();
            await release.Task;
        }, CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var secondWorked = false;
        var second = await Jobs.RunIfDueAsync(job, Hour, (_, _) =>
        {
            secondWorked = true;
            return Task.CompletedTask;
        }, CancellationToken.None);

        Assert.Equal(JobRun.RunningElsewhere, second);
        Assert.False(secondWorked);
        release.SetResult();
        Assert.Equal(JobRun.Ran, await first);
        Assert.Equal(JobRun.Ran, await Jobs.RunIfDueAsync(NewJob(), Hour, (_, _) => Task.CompletedTask, CancellationToken.None));
    }

    [Fact]
    public async Task A_finished_run_makes_the_job_wait_for_its_interval_and_a_job_without_interval_runs_every_time()
    {
        var job = NewJob();
        var runs = 0;
        Task Work(IServiceProvider services, CancellationToken ct)
        {
            runs++;
            return Task.CompletedTask;
        }

        Assert.Equal(JobRun.Ran, await Jobs.RunIfDueAsync(job, Hour, Work, CancellationToken.None));
        factory.Time.Advance(TimeSpan.FromMinutes(50));
        Assert.Equal(JobRun.NotDue, await Jobs.RunIfDueAsync(job, Hour, Work, CancellationToken.None));
        factory.Time.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(JobRun.Ran, await Jobs.RunIfDueAsync(job, Hour, Work, CancellationToken.None));
        Assert.Equal(2, runs);

        var always = NewJob();
        Assert.Equal(JobRun.Ran, await Jobs.RunIfDueAsync(always, TimeSpan.Zero, Work, CancellationToken.None));
        Assert.Equal(JobRun.Ran, await Jobs.RunIfDueAsync(always, TimeSpan.Zero, Work, CancellationToken.None));
        Assert.Equal(4, runs);
    }

    [Fact]
    public async Task A_run_that_failed_is_due_again_at_once_and_releases_the_lock()
    {
        var job = NewJob();
        await Assert.ThrowsAsync<IOException>(() => Jobs.RunIfDueAsync(job, Hour, (_, _) => throw new IOException("disk full"), CancellationToken.None));

        Assert.Equal(JobRun.Ran, await Jobs.RunIfDueAsync(job, Hour, (_, _) => Task.CompletedTask, CancellationToken.None));
        Assert.Equal(JobRun.NotDue, await Jobs.RunIfDueAsync(job, Hour, (_, _) => Task.CompletedTask, CancellationToken.None));
    }
}
