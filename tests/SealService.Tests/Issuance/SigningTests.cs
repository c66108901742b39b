using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using SealVerifier;
using SealService.Admin;
using SealService.Issuance;
using SealService.Keys;

namespace SealService.Tests.Issuance;

public sealed class SigningTests : IDisposable
{
    private readonly TestKeyStore _keys = new();

    public void Dispose() => _keys.Dispose();

    private (byte[] Payload, byte[] Signature, string Url) Seal(DateTimeOffset at)
    {
        var keyId = _keys.Signer.CurrentKeyId;
        var serial = Serial.New("SMIG").Value;
        var validUntil = at.AddMonths(12);
        var cose = _keys.Signer.SignQr(keyId, QrClaims.Create(serial, "smig", "Muster GmbH", "Muster Cloud", validUntil, at));
        var url = QrToken.BuildUrl("https://seals.example.org", cose);
        var payload = new SealPayload(1, serial, new ProgramRef("smig", "Software Made in Germany", "2025.1", "sha256:" + new string('a', 64)),
            new HolderRef("Muster GmbH", "HRB 12345", "DE", "https://muster.example"), new ProductRef("Muster Cloud", "2.1"),
            "Das Softwareprodukt Muster Cloud von Muster GmbH erfüllt die Kriterien.", ["SMIG-HQ"], at, at, validUntil,
            new IssuerRef("Test Certification Body", keyId), url).ToCanonicalJson();
        return (payload, _keys.Signer.SignCms(keyId, payload, at), url);
    }

    private Task<VerificationStatement> VerifyAsync(byte[] payload, byte[] signature, TrustList? list = null) =>
        new SealVerification(list ?? _keys.TrustList(), _keys.Time).VerifyDetachedAsync(payload, signature);

    [Fact]
    public async Task A_fresh_seal_verifies_in_both_forms()
    {
        var (payload, signature, url) = Seal(_keys.Time.GetUtcNow());
        var detached = await VerifyAsync(payload, signature);
        Assert.Equal(Verdict.Valid, detached.Verdict);
        var qr = await new SealVerification(_keys.TrustList(), _keys.Time).VerifyQrAsync(url);
        Assert.Equal(Verdict.Valid, qr.Verdict);
        Assert.Equal(_keys.Signer.CurrentKeyId, qr.SigningKey?.KeyId);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.1)]
    [InlineData(0.35)]
    [InlineData(0.5)]
    [InlineData(0.8)]
    [InlineData(1.0)]
    public async Task Any_changed_payload_byte_fails(double position)
    {
        var (payload, signature, _) = Seal(_keys.Time.GetUtcNow());
        var index = (int)Math.Min(payload.Length - 1, position * payload.Length);
        payload[index] ^= 0x01;
        Assert.NotEqual(Verdict.Valid, (await VerifyAsync(payload, signature)).Verdict);
    }

    [Theory]
    [InlineData(0.02)]
    [InlineData(0.3)]
    [InlineData(0.6)]
    [InlineData(0.9)]
    [InlineData(1.0)]
    public async Task Any_changed_signature_byte_fails(double position)
    {
        var (payload, signature, _) = Seal(_keys.Time.GetUtcNow());
        var index = (int)Math.Min(signature.Length - 1, position * signature.Length);
        signature[index] ^= 0x01;
        Assert.NotEqual(Verdict.Valid, (await VerifyAsync(payload, signature)).Verdict);
    }

    [Fact]
    public async Task A_seal_signed_with_a_retired_key_still_verifies()
    {
        var (payload, signature, _) = Seal(_keys.Time.GetUtcNow());
        var old = _keys.Signer.CurrentKeyId;
        _keys.Time.Advance(TimeSpan.FromDays(30));
        var created = _keys.Store.Rotate(TestKeyStore.Passphrase, _keys.Time.GetUtcNow());
        Assert.NotEqual(old, created.KeyId);
        Assert.Equal(created.KeyId, _keys.Signer.CurrentKeyId);
        var list = _keys.TrustList();
        Assert.Equal(TrustedKey.Retired, list.FindKey(old)?.State);
        var statement = await VerifyAsync(payload, signature, list);
        Assert.Equal(Verdict.Valid, statement.Verdict);
        Assert.Equal(old, statement.SigningKey?.KeyId);
    }

    [Theory]
    [InlineData(-1, Verdict.KeyCompromised)]
    [InlineData(0, Verdict.KeyCompromised)]
    [InlineData(1, Verdict.Valid)]
    public async Task A_compromised_key_voids_signatures_from_its_compromise_time(int hoursAfterSigning, Verdict expected)
    {
        var signedAt = _keys.Time.GetUtcNow();
        var (payload, signature, _) = Seal(signedAt);
        var keyId = _keys.Signer.CurrentKeyId;
        _keys.Time.Advance(TimeSpan.FromDays(2));
        _keys.Store.Rotate(TestKeyStore.Passphrase, _keys.Time.GetUtcNow());
        _keys.Store.MarkCompromised(keyId, DateTimeOffset.FromUnixTimeSeconds(signedAt.ToUnixTimeSeconds()).AddHours(hoursAfterSigning));
        Assert.Equal(expected, (await VerifyAsync(payload, signature)).Verdict);
        Assert.Throws<InvalidOperationException>(() => _keys.Signer.SignCms(keyId, payload, _keys.Time.GetUtcNow()));
    }

    [Fact]
    public async Task A_seal_from_a_foreign_root_is_not_trusted()
    {
        using var foreign = new TestKeyStore();
        var (payload, signature, _) = Seal(_keys.Time.GetUtcNow());
        var statement = await VerifyAsync(payload, signature, foreign.TrustList());
        Assert.Equal(Verdict.UnknownKey, statement.Verdict);
    }

    [Fact]
    public void The_hierarchy_has_a_P384_root_CA_and_P256_issuing_certificates_within_two_years()
    {
        _keys.Signer.Manifest();
        using var root = _keys.Store.LoadRootCertificate();
        using var issuing = _keys.Store.LoadIssuingCertificate(_keys.Signer.CurrentKeyId);
        using var rootKey = root.GetECDsaPublicKey();
        using var issuingKey = issuing.GetECDsaPublicKey();
        Assert.Equal(384, rootKey!.KeySize);
        Assert.Equal(256, issuingKey!.KeySize);
        Assert.True(root.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.False(issuing.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority);
        Assert.Equal(X509KeyUsageFlags.DigitalSignature, issuing.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages);
        Assert.Equal(root.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray(),
            issuing.Extensions.OfType<X509AuthorityKeyIdentifierExtension>().Single().KeyIdentifier!.Value.ToArray());
        Assert.NotNull(issuing.Extensions.OfType<X509SubjectKeyIdentifierExtension>().SingleOrDefault());
        Assert.Contains(_keys.Signer.CurrentKeyId, issuing.GetNameInfo(X509NameType.SimpleName, forIssuer: false), StringComparison.Ordinal);
        Assert.True(issuing.NotAfter - issuing.NotBefore <= FileKeyStore.MaxIssuingKeyValidity + TimeSpan.FromMinutes(5));
        Assert.Equal(_keys.Signer.CurrentKeyId, KeyId.FromCertificate(issuing));
    }

    [Fact]
    public void Private_key_files_are_readable_by_the_owner_only_and_encrypted()
    {
        _keys.Signer.Manifest();
        // The audit chain's HMAC key lives here too (owner-only, but a raw secret, not a signing key).
        var signingKeys = Directory.EnumerateFiles(_keys.Directory, "*.key").Where(f => Path.GetFileName(f) != SealService.Data.AuditChainKey.FileName).ToList();
        foreach (var file in signingKeys)
        {
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            }

            // Encrypted at rest: unreadable without the passphrase, readable with it.
            var pem = File.ReadAllText(file);
            using var withoutPassphrase = ECDsa.Create();
            Assert.ThrowsAny<ArgumentException>(() => withoutPassphrase.ImportFromPem(pem));
            using var withPassphrase = ECDsa.Create();
            withPassphrase.ImportFromEncryptedPem(pem, TestKeyStore.Passphrase);
        }

        Assert.Equal(2, signingKeys.Count);
        var auditKey = Path.Combine(_keys.Directory, SealService.Data.AuditChainKey.FileName);
        Assert.True(File.Exists(auditKey));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(auditKey));
        }
    }
}
