using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier;
using SealService.Data;
using SealService.Domain;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Issuance;

/// <summary>The issuance pipeline checks before it signs and verifies what it signed before it stores anything.</summary>
public sealed class IssuancePipelineTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Theory]
    [InlineData(Tamper.Cms)]
    [InlineData(Tamper.Qr)]
    [InlineData(Tamper.Credential)]
    public async Task A_signer_that_makes_a_bad_signature_never_gets_a_certificate_stored(Tamper tamper)
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var failed = await Assert.ThrowsAsync<SealSelfCheckFailed>(() => factory.WithScopeAsync(sp =>
        {
            var bad = new TamperingSigner(sp.GetRequiredService<ISealSigner>(), tamper);
            return ActivatorUtilities.CreateInstance<CertificateIssuance>(sp, (ISealSigner)bad).IssueAsync(application.Id, certifier, CancellationToken.None);
        }));
        Assert.NotEmpty(failed.Problems);
        if (tamper == Tamper.Credential)
        {
            Assert.Equal(["the wallet credential does not verify (the signature is not valid)"], failed.Problems);
        }

        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            Assert.False(await db.Certificates.AnyAsync(c => c.ApplicationId == application.Id));
            Assert.Equal(ApplicationStatus.Approved, (await db.Applications.SingleAsync(a => a.Id == application.Id)).Status);
        });

        // The same approval issues normally with a sound signer.
        var certificate = await IssuedCertificates.IssueAsync(factory, application.Id, certifier);
        Assert.Equal(application.Id, certificate.ApplicationId);
        Assert.NotNull(certificate.Credential);
    }

    [Fact]
    public async Task Nothing_is_signed_when_the_policy_refuses()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var counting = await factory.WithScopeAsync(async sp =>
        {
            // A key the trust list does not know: the policy refuses before any signature is made.
            var signer = new TamperingSigner(sp.GetRequiredService<ISealSigner>(), Tamper.None) { KeyIdOverride = "0000000000000000" };
            await Assert.ThrowsAsync<DomainRuleViolation>(() =>
                ActivatorUtilities.CreateInstance<CertificateIssuance>(sp, (ISealSigner)signer).IssueAsync(application.Id, certifier, CancellationToken.None));
            return signer;
        });
        Assert.Equal(0, counting.Signatures);
    }

    [Fact]
    public async Task A_wallet_credential_the_policy_refuses_is_never_signed_and_nothing_is_stored()
    {
        var (application, _, _, certifier) = await IssuedCertificates.ApprovedAsync(factory);
        var (counting, refusal) = await factory.WithScopeAsync(async sp =>
        {
            // A credential builder that names another issuer than the payload: the credential does not say what the seal says.
            var credentials = ActivatorUtilities.CreateInstance<SealService.Issuance.SealCredential>(sp,
                Microsoft.Extensions.Options.Options.Create(new SealService.Infrastructure.SealOptions { IssuerName = "Somebody Else e.V." }));
            var signer = new TamperingSigner(sp.GetRequiredService<ISealSigner>(), Tamper.None);
            var refused = await Assert.ThrowsAsync<DomainRuleViolation>(() =>
                ActivatorUtilities.CreateInstance<CertificateIssuance>(sp, (ISealSigner)signer, credentials).IssueAsync(application.Id, certifier, CancellationToken.None));
            return (signer, refused);
        });
        Assert.Equal(0, counting.Signatures);
        Assert.Contains("the wallet credential does not match the certificate (issuer)", refusal.Message, StringComparison.Ordinal);
        await factory.WithScopeAsync(async sp =>
            Assert.False(await sp.GetRequiredService<AppDbContext>().Certificates.AnyAsync(c => c.ApplicationId == application.Id)));
    }

    public enum Tamper
    {
        None,
        Cms,
        Qr,
        Credential,
    }

    private sealed class TamperingSigner(ISealSigner inner, Tamper tamper) : ISealSigner
    {
        public int Signatures { get; private set; }

        public string? KeyIdOverride { get; init; }

        public string CurrentKeyId => KeyIdOverride ?? inner.CurrentKeyId;

        public bool CanSignTrustList => inner.CanSignTrustList;

        public byte[] SignCms(string keyId, byte[] content, DateTimeOffset signingTime)
        {
            Signatures++;
            var cms = inner.SignCms(keyId, content, signingTime);
            if (tamper == Tamper.Cms)
            {
                cms[^3] ^= 0x01; // inside the ECDSA signature value at the end of the SignerInfo
            }

            return cms;
        }

        public byte[] SignQr(string keyId, QrClaims claims)
        {
            Signatures++;
            var cose = inner.SignQr(keyId, claims);
            if (tamper == Tamper.Qr)
            {
                cose[^2] ^= 0x01;
            }

            return cose;
        }

        public byte[] SignTrustList(TrustList trustList) => inner.SignTrustList(trustList);

        public byte[] SignJose(string keyId, byte[] signingInput)
        {
            Signatures++;
            var signature = inner.SignJose(keyId, signingInput);
            if (tamper == Tamper.Credential)
            {
                signature[^1] ^= 0x01; // the last byte of s in the IEEE P1363 r||s form
            }

            return signature;
        }

        public string SignTrustListJws(TrustList trustList, long sequence, DateTimeOffset issuedAt, DateTimeOffset expiresAt, DateTimeOffset? notBefore = null) =>
            inner.SignTrustListJws(trustList, sequence, issuedAt, expiresAt, notBefore);

        public byte[] SignRootCrl(IReadOnlyList<RevokedIssuingCertificate> revoked, long crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate) =>
            inner.SignRootCrl(revoked, crlNumber, thisUpdate, nextUpdate);
    }
}
