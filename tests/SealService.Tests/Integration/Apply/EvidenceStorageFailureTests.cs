using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

/// <summary>The database refuses the evidence row (disk full, lost connection, ...) once it is armed.</summary>
public sealed class FailingEvidenceSaveFactory : SealServiceFactory
{
    public FailingEvidenceInterceptor Interceptor { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.ConfigureDbContext<AppDbContext>(o => o.AddInterceptors(Interceptor)));
    }
}

public sealed class FailingEvidenceInterceptor : SaveChangesInterceptor
{
    public bool Armed { get; set; }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Armed && eventData.Context!.ChangeTracker.Entries<EvidenceFile>().Any(e => e.State == EntityState.Added))
        {
            throw new DbUpdateException("Simulated database failure while storing evidence.");
        }

        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

public sealed class EvidenceStorageFailureTests(FailingEvidenceSaveFactory factory) : IClassFixture<FailingEvidenceSaveFactory>
{
    [Fact]
    public async Task Upload_whose_row_cannot_be_saved_leaves_no_file_behind()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        var filesBefore = ApplyTestData.StoredEvidenceFiles(factory);

        factory.Interceptor.Armed = true;
        try
        {
            var response = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "nachweis.pdf", ApplyTestData.Pdf());
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.Contains("Nothing was changed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        finally
        {
            factory.Interceptor.Armed = false;
        }

        Assert.Empty((await ApplyTestData.LoadAsync(factory, id)).Evidence);
        Assert.Equal(filesBefore, ApplyTestData.StoredEvidenceFiles(factory));

        // The same upload goes through once the database is back.
        var retry = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "nachweis.pdf", ApplyTestData.Pdf());
        Assert.True(retry.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.OK);
        Assert.Single((await ApplyTestData.LoadAsync(factory, id)).Evidence);
        Assert.Equal(filesBefore.Length + 1, ApplyTestData.StoredEvidenceFiles(factory).Length);
    }
}
