using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

using SealVerifier;
using SealService.Issuance;
using SealService.Keys;

namespace SealService.Benchmarks;

/// <summary>
/// A throwaway key hierarchy (P-384 root, P-256 issuing key) in a temporary folder and the signing part of the issuance
/// pipeline (serial, QR claims + COSE, QR URL, canonical payload, detached CMS), shared by the BenchmarkDotNet benchmarks
/// and the verify-batch files of bench/verify.sh.
/// </summary>
public sealed class BenchmarkIssuer : IDisposable
{
    public const string IssuerName = "Benchmark Certification Body";
    public const string ServiceUrl = "https://seals.example.org";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "sealservice-bench", Guid.NewGuid().ToString("N"));
    private readonly DateTimeOffset _now;

    private BenchmarkIssuer(DateTimeOffset now)
    {
        const string passphrase = "benchmark-only";
        _now = now;
        var store = new FileKeyStore(_directory);
        var manifest = store.Initialize(passphrase, IssuerName, now);
        KeyIdHex = manifest.ActiveKey!.KeyId;
        Issuing = store.LoadIssuingWithKey(KeyIdHex, passphrase);
        Key = Issuing.GetECDsaPrivateKey()!;
        KeyIdRaw = KeyId.Raw(Issuing);
        using var root = store.LoadRootWithKey(passphrase);
        using var rootKey = root.GetECDsaPrivateKey()!;
        var list = TrustListPublisher.Build(store, IssuerName, ServiceUrl, now);
        SignedTrustListJson = SignedTrustList.Create(list, rootKey);
        RootFingerprint = list.RootFingerprint;
    }

    /// <summary>New keys whose signing period starts at <paramref name="now"/>; the caller disposes them.</summary>
    public static BenchmarkIssuer Create(DateTimeOffset now) => new(now);

    public X509Certificate2 Issuing { get; }

    public ECDsa Key { get; }

    public byte[] KeyIdRaw { get; }

    public string KeyIdHex { get; }

    /// <summary>The legacy signed trust list document (<c>/.well-known/seal-trust-list.json</c>).</summary>
    public byte[] SignedTrustListJson { get; }

    /// <summary>The root fingerprint to pin (<c>sha256:</c> + hex).</summary>
    public string RootFingerprint { get; }

    public QrClaims Claims(string serial) =>
        QrClaims.Create(serial, "smig", "Beispiel Software GmbH", "Beispiel Cloud ERP", _now.AddMonths(12), _now);

    /// <summary>A new seal's QR URL only (COSE_Sign1 over new claims).</summary>
    public string NewQrUrl() => QrToken.BuildUrl(ServiceUrl, QrToken.Sign(Claims(Serial.New("SMIG").Value), Key, KeyIdRaw));

    /// <summary>A new seal: canonical payload, its detached CMS signature and the QR URL.</summary>
    public (byte[] Payload, byte[] Signature, string Url) BuildAndSign()
    {
        var serial = Serial.New("SMIG").Value;
        var url = QrToken.BuildUrl(ServiceUrl, QrToken.Sign(Claims(serial), Key, KeyIdRaw));
        var payload = new SealPayload(1, serial, new ProgramRef("smig", "Software Made in Germany", "2025.1", "sha256:" + new string('a', 64)),
            new HolderRef("Beispiel Software GmbH", "HRB 123456", "DE", "https://beispiel.example"), new ProductRef("Beispiel Cloud ERP", "4.2"),
            "Das Softwareprodukt Beispiel Cloud ERP von Beispiel Software GmbH erfüllt die Kriterien des Siegels „Software Made in Germany“.",
            ["SMIG-HQ", "SMIG-DEV", "SMIG-QA", "SMIG-SUPPORT", "SMIG-LANG", "SMIG-LAW"], _now, _now, _now.AddMonths(12),
            new IssuerRef(IssuerName, KeyIdHex), url).ToCanonicalJson();
        return (payload, CmsSeal.SignDetached(payload, Issuing, _now), url);
    }

    public void Dispose()
    {
        Key.Dispose();
        Issuing.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
