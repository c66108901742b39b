using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier;
using SealService.Demo;
using SealService.Data;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Issuance;

public sealed class DemoCertificatesTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task The_demo_data_holds_genuinely_signed_certificates_for_every_program()
    {
        await factory.WithScopeAsync(async sp =>
        {
            await sp.GetRequiredService<DemoSeeder>().SeedAsync();
            var certificates = await sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().ToListAsync();
            Assert.Equal(["rwts", "shig", "smig"], certificates.Select(c => c.ProgramId).Distinct().Order(StringComparer.Ordinal));
            var verification = new SealVerification(sp.GetRequiredService<ITrustListSource>().GetTrustList(), factory.Time);
            foreach (var certificate in certificates)
            {
                var expected = certificate.IsExpiredAt(factory.Time.GetUtcNow()) ? Verdict.Expired : Verdict.Valid;
                Assert.Equal(expected, (await verification.VerifyDetachedAsync(certificate.Payload, certificate.CmsSignature)).Verdict);
            }

            Assert.Contains(certificates, c => !c.IsExpiredAt(factory.Time.GetUtcNow()));
        });
    }
}
