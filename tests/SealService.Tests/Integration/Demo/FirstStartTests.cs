using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Demo;
using SealService.Infrastructure;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Demo;

/// <summary>A Development host loads the demo add-on named by Demo:Assembly and seeds an empty database on its first start.</summary>
public sealed class FirstStartTests
{
    private sealed class DevelopmentFactory(string assembly, bool registersDemo) : SealServiceFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Demo:SeedOnFirstStart"] = "true",
            ["Demo:Assembly"] = assembly,
        };

        protected override bool RegistersDemo => registersDemo;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Development");
        }
    }

    [Fact]
    public async Task A_development_host_loads_the_demo_by_name_and_seeds_an_empty_database_on_first_start()
    {
        // The test host still registers the demo itself, after putting in its fake clock (which the demo clock must wrap).
        using var factory = new DevelopmentFactory("SealService.Demo", registersDemo: true);
        var status = factory.Services.GetRequiredService<DevelopmentAddOnStatus>();
        Assert.Equal("SealService.Demo", status.Loaded);
        Assert.IsType<DemoSeeder>(factory.Services.CreateScope().ServiceProvider.GetRequiredService<ISampleData>());
        Assert.True(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.AnyAsync(u => u.Email == DemoSeeder.AdminEmail)));
        Assert.True(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AnyAsync()));
    }

    [Fact]
    public async Task A_development_host_without_the_demo_assembly_starts_without_demo_data()
    {
        using var factory = new DevelopmentFactory("SealService.NoSuchDemo", registersDemo: false);
        var status = factory.Services.GetRequiredService<DevelopmentAddOnStatus>();
        Assert.Null(status.Loaded);
        Assert.Contains("SealService.NoSuchDemo.dll is not in", status.WhyNoSampleData, StringComparison.Ordinal);
        Assert.Null(factory.Services.CreateScope().ServiceProvider.GetService<ISampleData>());
        Assert.False(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.AnyAsync()));
        using var client = factory.CreateClient();
        Assert.True((await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).IsSuccessStatusCode);
    }

    [Fact]
    public void Only_a_plain_assembly_name_is_loaded_never_a_path()
    {
        var services = new ServiceCollection();
        var status = DevelopmentAddOns.Load("../../tmp/Evil", AppContext.BaseDirectory, services);
        Assert.Null(status.Loaded);
        Assert.Contains("must be an assembly name", status.WhyNoSampleData, StringComparison.Ordinal);
        Assert.Empty(services);
    }
}
