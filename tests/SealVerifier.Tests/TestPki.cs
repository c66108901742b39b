using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;

namespace SealVerifier.Tests;

/// <summary>Throwaway keys: a P-384 root with active, retired and compromised P-256 issuing keys, and a foreign root and issuer.</summary>
internal sealed class TestPki
{
    private static readonly Lazy<TestPki> Shared = new(() => new TestPki());

    private TestPki()
    {
        Now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Root = CreateRoot("CN=Test Seal Root, O=Test Certification Body e.V.", Now.AddYears(-3), Now.AddYears(15));
        Active = CreateIssuer(Root, "CN=Issuing 2026", Now.AddDays(-30), Now.AddDays(700));
        Retired = CreateIssuer(Root, "CN=Issuing 2024", Now.AddDays(-760), Now.AddDays(-40));
        Compromised = CreateIssuer(Root, "CN=Issuing 2025", Now.AddDays(-200), Now.AddDays(500));
        CompromisedSince = Now.AddDays(-10);
        ForeignRoot = CreateRoot("CN=Foreign Root", Now.AddYears(-1), Now.AddYears(10));
        ForeignIssuer = CreateIssuer(ForeignRoot, "CN=Foreign Issuing", Now.AddDays(-30), Now.AddDays(700));
        TrustList = BuildTrustList(Root, [Key(Active, TrustedKey.Active), Key(Retired, TrustedKey.Retired), Key(Compromised, TrustedKey.Compromised, CompromisedSince)]);
        SignedTrustListJson = SignedTrustList.Create(TrustList, Root.GetECDsaPrivateKey()!);
    }

    public static TestPki Instance => Shared.Value;

    public const string IssuerName = "Test Certification Body e.V.";
    public const string ServiceUrl = "https://seals.example.org";

    public DateTimeOffset Now { get; }
    public X509Certificate2 Root { get; }
    public X509Certificate2 Active { get; }
    public X509Certificate2 Retired { get; }
    public X509Certificate2 Compromised { get; }
    public DateTimeOffset CompromisedSince { get; }
    public X509Certificate2 ForeignRoot { get; }
    public X509Certificate2 ForeignIssuer { get; }
    public TrustList TrustList { get; }
    public byte[] SignedTrustListJson { get; }

    public string RootPin => TrustList.RootFingerprint;

    public FakeTimeProvider Clock(TimeSpan? offset = null) => new(Now + (offset ?? TimeSpan.Zero));

    public static TrustList BuildTrustList(X509Certificate2 root, IReadOnlyList<TrustedKey> keys) => new(
        TrustList.CurrentVersion,
        IssuerName,
        ServiceUrl,
        DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()),
        Convert.ToBase64String(root.RawData),
        TrustList.Fingerprint(root.RawData),
        keys);

    public static TrustedKey Key(X509Certificate2 cert, string state, DateTimeOffset? compromisedSince = null) => new(
        KeyId.FromCertificate(cert),
        Convert.ToBase64String(cert.RawData),
        new DateTimeOffset(cert.NotBefore.ToUniversalTime()),
        new DateTimeOffset(cert.NotAfter.ToUniversalTime()),
        state,
        compromisedSince);

    public static X509Certificate2 CreateRoot(string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(notBefore, notAfter);
    }

    public static X509Certificate2 CreateIssuer(X509Certificate2 root, string subject, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var cert = request.Create(root, notBefore, notAfter, serial);
        return cert.CopyWithPrivateKey(key);
    }
}
