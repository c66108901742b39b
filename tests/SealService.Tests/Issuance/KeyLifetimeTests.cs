using System.Security.Cryptography.X509Certificates;

using SealVerifier;
using SealService.Domain;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Integration.Issuance;

namespace SealService.Tests.Issuance;

/// <summary>
/// An issuing key signs only during its signing period, and its certificate outlives every seal it can sign, so standard
/// path validators (openssl) accept a seal at every moment up to its validUntil.
/// </summary>
public sealed class KeyLifetimeTests : IDisposable
{
    private readonly TestKeyStore _keys = new();
    private readonly string _work = Directory.CreateTempSubdirectory("sealservice-lifetime-").FullName;

    public void Dispose()
    {
        _keys.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public void The_issuing_certificate_covers_the_signing_period_plus_the_longest_seal_validity()
    {
        var key = _keys.Signer.Manifest().ActiveKey!;
        Assert.NotNull(key.SigningUntil);
        Assert.Equal(_keys.Time.GetUtcNow().Add(FileKeyStore.SigningPeriod), key.SigningEnds);
        using var certificate = _keys.Store.LoadIssuingCertificate(key.KeyId);
        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
        Assert.True(notAfter >= key.SigningEnds.AddMonths(IssuancePolicy.MaxValidityMonths), $"certificate ends {notAfter:u}");
        Assert.Equal(key.SigningEnds, _keys.TrustList().FindKey(key.KeyId)!.NotAfter);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(IssuancePolicy.MaxValidityMonths)]
    public async Task Openssl_accepts_a_seal_signed_on_the_last_day_of_signing_until_the_day_before_it_expires(int validityMonths)
    {
        var key = _keys.Signer.Manifest().ActiveKey!;
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(key.SigningEnds.ToUnixTimeSeconds());
        var validUntil = signedAt.AddMonths(validityMonths);
        IssuancePolicy.CheckKey(_keys.TrustList(), key.KeyId, signedAt, validUntil);
        var payload = System.Text.Encoding.UTF8.GetBytes("{\"serial\":\"test\"}");
        var signature = _keys.Signer.SignCms(key.KeyId, payload, signedAt);
        using var root = _keys.Store.LoadRootCertificate();
        var files = await WriteAsync(payload, signature, root);

        var dayBefore = await VerifyAtAsync(files, validUntil.AddDays(-1));
        Assert.True(dayBefore.ExitCode == 0, dayBefore.Error);
        var atSigning = await VerifyAtAsync(files, signedAt);
        Assert.True(atSigning.ExitCode == 0, atSigning.Error);
    }

    [Fact]
    public void After_the_signing_period_the_policy_refuses_to_sign_and_the_start_up_check_says_rotate()
    {
        var manifest = _keys.Signer.Manifest();
        var key = manifest.ActiveKey!;
        var list = _keys.TrustList();
        var late = key.SigningEnds.AddSeconds(1);
        var refusal = Assert.Throws<DomainRuleViolation>(() => IssuancePolicy.CheckKey(list, key.KeyId, late, late.AddMonths(12)));
        Assert.Contains("keys rotate", refusal.Message, StringComparison.Ordinal);

        Assert.Null(KeyLifetimeCheck.Describe(manifest, 12, key.NotBefore.AddDays(10)));
        Assert.Contains("keys rotate", KeyLifetimeCheck.Describe(manifest, 12, key.SigningEnds.AddDays(-30)), StringComparison.Ordinal);
        Assert.Contains("no longer sign", KeyLifetimeCheck.Describe(manifest, 12, late), StringComparison.Ordinal);

        _keys.Time.SetUtcNow(key.SigningEnds.AddDays(-1));
        var rotated = _keys.Store.Rotate(TestKeyStore.Passphrase, _keys.Time.GetUtcNow());
        IssuancePolicy.CheckKey(_keys.TrustList(), rotated.KeyId, late, late.AddMonths(IssuancePolicy.MaxValidityMonths));
    }

    private async Task<(string Payload, string Signature, string Root)> WriteAsync(byte[] payload, byte[] signature, X509Certificate2 root)
    {
        var files = (Path.Combine(_work, "payload.json"), Path.Combine(_work, "sig.der"), Path.Combine(_work, "root.pem"));
        await File.WriteAllBytesAsync(files.Item1, payload);
        await File.WriteAllBytesAsync(files.Item2, signature);
        await File.WriteAllTextAsync(files.Item3, root.ExportCertificatePem());
        return files;
    }

    private static Task<(int ExitCode, string Output, string Error)> VerifyAtAsync((string Payload, string Signature, string Root) files, DateTimeOffset at) =>
        ExternalTool.RunAsync("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", files.Signature, "-content", files.Payload,
            "-CAfile", files.Root, "-purpose", "any", "-attime", at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), "-out", "/dev/null");
}
