using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Integration.Issuance;

namespace SealService.Tests.Issuance;

/// <summary>The root's CRL lists compromised issuing certificates; plain openssl checks issuing certificates against it.</summary>
public sealed class RootCrlTests : IDisposable
{
    private readonly TestKeyStore _keys = new();
    private readonly string _work = Directory.CreateTempSubdirectory("sealservice-crl-").FullName;

    public void Dispose()
    {
        _keys.Dispose();
        Directory.Delete(_work, recursive: true);
    }

    [Fact]
    public async Task Openssl_crl_check_passes_for_a_sound_issuing_certificate_and_fails_for_a_compromised_one()
    {
        var first = _keys.Signer.Manifest().ActiveKey!.KeyId;
        _keys.Time.Advance(TimeSpan.FromDays(3));
        var second = _keys.Store.Rotate(TestKeyStore.Passphrase, _keys.Time.GetUtcNow()).KeyId;
        _keys.Store.MarkCompromised(first, _keys.Time.GetUtcNow().AddDays(-1));
        var publisher = new RootCrlPublisher(_keys.Signer, _keys.Location, _keys.Time);

        var der = publisher.Crl();
        var root = await WritePemAsync("root.pem", _keys.Store.LoadRootCertificate());
        var crl = Path.Combine(_work, "root.crl.pem");
        await File.WriteAllTextAsync(crl, PemEncoding.WriteString("X509 CRL", der));
        var sound = await VerifyAsync(root, crl, await WritePemAsync("sound.pem", _keys.Store.LoadIssuingCertificate(second)));
        Assert.True(sound.ExitCode == 0, sound.Output + sound.Error);
        var compromised = await VerifyAsync(root, crl, await WritePemAsync("compromised.pem", _keys.Store.LoadIssuingCertificate(first)));
        Assert.NotEqual(0, compromised.ExitCode);
        Assert.Contains("revoked", compromised.Output + compromised.Error, StringComparison.OrdinalIgnoreCase);

        var text = await ExternalTool.RunAsync("openssl", "crl", "-in", crl, "-noout", "-text");
        Assert.Contains("Key Compromise", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ceremony_writes_a_CRL_that_a_server_without_the_root_serves()
    {
        _keys.Signer.Manifest();
        var list = TrustListPublisher.Build(_keys.Store, "Test Certification Body", "https://seals.example.org", _keys.Time.GetUtcNow());
        TrustListPublisher.WriteSignedFile(_keys.Store, _keys.Signer, list);
        File.Delete(Path.Combine(_keys.Directory, FileKeyStore.RootKeyFile));
        using var signer = new FileSealSigner(_keys.Location, _keys.Time, Microsoft.Extensions.Logging.Abstractions.NullLogger<FileSealSigner>.Instance);
        var served = new RootCrlPublisher(signer, _keys.Location, _keys.Time).Crl();
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_keys.Directory, RootCrlPublisher.CrlFile)), served);

        var root = await WritePemAsync("root.pem", _keys.Store.LoadRootCertificate());
        var crl = Path.Combine(_work, "ceremony.crl.pem");
        await File.WriteAllTextAsync(crl, PemEncoding.WriteString("X509 CRL", served));
        var active = await WritePemAsync("active.pem", _keys.Store.LoadIssuingCertificate(_keys.Signer.CurrentKeyId));
        var result = await VerifyAsync(root, crl, active);
        Assert.True(result.ExitCode == 0, result.Output + result.Error);
    }

    private async Task<string> WritePemAsync(string name, X509Certificate2 certificate)
    {
        using (certificate)
        {
            var path = Path.Combine(_work, name);
            await File.WriteAllTextAsync(path, certificate.ExportCertificatePem());
            return path;
        }
    }

    /// <summary>openssl verify at the test clock's time (the CRL's thisUpdate/nextUpdate follow that clock, not the wall clock).</summary>
    private Task<(int ExitCode, string Output, string Error)> VerifyAsync(string root, string crl, string certificate) =>
        ExternalTool.RunAsync("openssl", "verify", "-attime", _keys.Time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-crl_check", "-CAfile", root, "-CRLfile", crl, certificate);
}
