using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using BenchmarkDotNet.Attributes;

using SealVerifier;

namespace SealService.Benchmarks;

/// <summary>
/// What one issuance costs (CMS and COSE signatures, the whole payload build and sign) and how fast a verifier checks seals.
/// Run: <c>dotnet run -c Release --project tests/SealService.Benchmarks -- --filter '*' --job short</c>; the verification
/// figures beside their floor (raw ECDSA P-256) in one run: <c>--filter '*RawEcdsaP256Verify' '*VerifyQr' '*VerifyDetached'</c>.
/// </summary>
[MemoryDiagnoser]
public class SigningBenchmarks
{
    private readonly DateTimeOffset _now = new(2026, 11, 22, 10, 0, 0, TimeSpan.Zero);
    private BenchmarkIssuer _issuer = null!;
    private QrClaims _claims = null!;
    private byte[] _payload = [];
    private byte[] _signature = [];
    private string _url = "";
    private SealVerification _verification = null!;
    private ECDsa _publicKey = null!;
    private byte[] _rawSignature = [];

    [GlobalSetup]
    public void Setup()
    {
        // Disposed in Cleanup ([GlobalCleanup]), BenchmarkDotNet's end of the benchmark's life.
        _issuer = BenchmarkIssuer.Create(_now);
        _claims = _issuer.Claims(Serial.New("SMIG").Value);
        (_payload, _signature, _url) = _issuer.BuildAndSign();
        var loaded = SignedTrustList.Load(_issuer.SignedTrustListJson, _issuer.RootFingerprint);
        _verification = new SealVerification(loaded.TrustList!, new FixedTime(_now.AddDays(1)));
        _publicKey = _issuer.Issuing.GetECDsaPublicKey()!;
        _rawSignature = _issuer.Key.SignData(_payload, HashAlgorithmName.SHA256);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _publicKey.Dispose();
        _issuer.Dispose();
    }

    [Benchmark]
    public byte[] CmsSign() => CmsSeal.SignDetached(_payload, _issuer.Issuing, _now);

    [Benchmark]
    public byte[] CoseSign() => QrToken.Sign(_claims, _issuer.Key, _issuer.KeyIdRaw);

    [Benchmark]
    public (byte[], byte[], string) IssuancePayloadBuildAndSign() => _issuer.BuildAndSign();

    /// <summary>The floor: one ECDSA P-256 verify of a SHA-256 digest with an already imported public key.</summary>
    [Benchmark]
    public bool RawEcdsaP256Verify() => _publicKey.VerifyData(_payload, _rawSignature, HashAlgorithmName.SHA256);

    [Benchmark]
    public Task<VerificationStatement> VerifyDetached() => _verification.VerifyDetachedAsync(_payload, _signature);

    [Benchmark]
    public Task<VerificationStatement> VerifyQr() => _verification.VerifyQrAsync(_url);

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
