using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;

using SealVerifier;
using SealService.Issuance;
using SealService.Keys;

namespace SealService.Benchmarks;

/// <summary>
/// What one issuance costs (CMS and COSE signatures, the whole payload build and sign) and how fast a verifier checks seals.
/// Run: <c>dotnet run -c Release --project tests/SealService.Benchmarks -- --filter '*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sealservice-bench", Guid.NewGuid().ToString("N"));
    private X509Certificate2 _issuing = null!;
    private ECDsa _key = null!;
    private byte[] _keyId = [];
    private string _keyIdHex = "";
    private QrClaims _claims = null!;
    private byte[] _payload = [];
    private byte[] _signature = [];
    private string _url = "";
    private SealVerification _verification = null!;
    private ECDsa _publicKey = null!;
    private byte[] _rawSignature = [];
    private readonly DateTimeOffset _now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);

    [GlobalSetup]
    public void Setup()
    {
        const string passphrase = "benchmark-only";
        var store = new FileKeyStore(_directory);
        var manifest = store.Initialize(passphrase, "Benchmark Certification Body", _now);
        _keyIdHex = manifest.ActiveKey!.KeyId;
        _issuing = store.LoadIssuingWithKey(_keyIdHex, passphrase);
        _key = _issuing.GetECDsaPrivateKey()!;
        _keyId = KeyId.Raw(_issuing);
        _claims = QrClaims.Create(Serial.New("SMIG").Value, "smig", "Beispiel Software GmbH", "Beispiel Cloud ERP", _now.AddMonths(12), _now);
        (_payload, _signature, _url) = BuildAndSign();
        using var root = store.LoadRootWithKey(passphrase);
        using var rootKey = root.GetECDsaPrivateKey()!;
        var list = TrustListPublisher.Build(store, "Benchmark Certification Body", "https://seals.example.org", _now);
        var loaded = SignedTrustList.Load(SignedTrustList.Create(list, rootKey), list.RootFingerprint);
        _verification = new SealVerification(loaded.TrustList!, new FixedTime(_now.AddDays(1)));
        _publicKey = _issuing.GetECDsaPublicKey()!;
        _rawSignature = _key.SignData(_payload, HashAlgorithmName.SHA256);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _key.Dispose();
        _publicKey.Dispose();
        _issuing.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark]
    public byte[] CmsSign() => CmsSeal.SignDetached(_payload, _issuing, _now);

    [Benchmark]
    public byte[] CoseSign() => QrToken.Sign(_claims, _key, _keyId);

    [Benchmark]
    public (byte[], byte[], string) IssuancePayloadBuildAndSign() => BuildAndSign();

    /// <summary>The floor: one ECDSA P-256 verify of a SHA-256 digest with an already imported public key.</summary>
    [Benchmark]
    public bool RawEcdsaP256Verify() => _publicKey.VerifyData(_payload, _rawSignature, HashAlgorithmName.SHA256);

    [Benchmark]
    public Task<VerificationStatement> VerifyDetached() => _verification.VerifyDetachedAsync(_payload, _signature);

    [Benchmark]
    public Task<VerificationStatement> VerifyQr() => _verification.VerifyQrAsync(_url);

    private (byte[] Payload, byte[] Signature, string Url) BuildAndSign()
    {
        var serial = Serial.New("SMIG").Value;
        var claims = QrClaims.Create(serial, "smig", "Beispiel Software GmbH", "Beispiel Cloud ERP", _now.AddMonths(12), _now);
        var url = QrToken.BuildUrl("https://seals.example.org", QrToken.Sign(claims, _key, _keyId));
        var payload = new SealPayload(1, serial, new ProgramRef("smig", "Software Made in Germany", "2025.1", "sha256:" + new string('a', 64)),
            new HolderRef("Beispiel Software GmbH", "HRB 123456", "DE", "https://beispiel.example"), new ProductRef("Beispiel Cloud ERP", "4.2"),
            "Das Softwareprodukt Beispiel Cloud ERP von Beispiel Software GmbH erfüllt die Kriterien des Siegels „Software Made in Germany“.",
            ["SMIG-HQ", "SMIG-DEV", "SMIG-QA", "SMIG-SUPPORT", "SMIG-LANG", "SMIG-LAW"], _now, _now, _now.AddMonths(12),
            new IssuerRef("Benchmark Certification Body", _keyIdHex), url).ToCanonicalJson();
        return (payload, CmsSeal.SignDetached(payload, _issuing, _now), url);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
