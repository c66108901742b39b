using System.Data.Common;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Issuance;

/// <summary>Fails the next SaveChanges that stores a certificate: a crash after signing, before commit.</summary>
public sealed class CrashBeforeCommit : SaveChangesInterceptor
{
    private int _armed;

    public void Arm() => Interlocked.Exchange(ref _armed, 1);

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventData);
        if (eventData.Context!.ChangeTracker.Entries<Certificate>().Any(e => e.State == EntityState.Added) && Interlocked.Exchange(ref _armed, 0) == 1)
        {
            throw new IOException("Simulated crash between signing and commit.");
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

public sealed class CrashingSealServiceFactory : SealServiceFactory
{
    public CrashBeforeCommit Crash { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(options => options.AddInterceptors(Crash)));
    }
}

public sealed class ExactlyOnceTests(CrashingSealServiceFactory factory) : IClassFixture<CrashingSealServiceFactory>
{
    private Task<int> CountAsync(Guid applicationId) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.CountAsync(c => c.ApplicationId == applicationId));

    [Fact]
    public async Task A_crash_after_signing_leaves_nothing_and_the_retry_issues_exactly_one_certificate()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        factory.Crash.Arm();
        await Assert.ThrowsAsync<IOException>(() => IssuedCertificates.IssueAsync(factory, application.Id, certifier));
        Assert.Equal(0, await CountAsync(application.Id));
        Assert.Equal(ApplicationStatus.Approved, await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Applications.Where(a => a.Id == application.Id).Select(a => a.Status).SingleAsync()));

        var issued = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        var retried = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        Assert.Equal(issued.Serial, retried.Serial);
        Assert.Equal(1, await CountAsync(application.Id));
    }

    [Fact]
    public async Task Concurrent_issuance_of_one_approval_yields_one_certificate()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => IssuedCertificates.IssueAsync(factory, application.Id, certifier))));
        Assert.Single(results.Select(c => c.Serial).Distinct());
        Assert.Equal(1, await CountAsync(application.Id));
        var issuedEntries = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.CountAsync(e => e.Action == "certificate.issued" && e.EntityId == results[0].Id.ToString()));
        Assert.Equal(1, issuedEntries);
    }
}
