using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SealService.Issuance;
using SealService.Keys;

namespace SealService.Tests.Support;

/// <summary>The test host with <see cref="TestSealIssuer"/> as the trust list source and rate limiting out of the way.</summary>
public class VerifyFactory : SealServiceFactory
{
    public VerifyFactory()
    {
        Issuer = new TestSealIssuer(Time.GetUtcNow());
    }

    public TestSealIssuer Issuer { get; }

    protected virtual int PermitsPerMinute => 1_000_000;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["RateLimiting:PermitsPerMinute"] = PermitsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Seal:IssuerName"] = TestSealIssuer.IssuerName,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ITrustListSource>();
            services.AddSingleton<ITrustListSource>(Issuer);
        });
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Issuer.Dispose();
        }
    }
}
