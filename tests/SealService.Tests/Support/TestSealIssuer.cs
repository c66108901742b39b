using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier;
using SealService.Data;
using SealService.Domain;
using SealService.Issuance;
using SealService.Keys;
using SealService.Programs;

namespace SealService.Tests.Support;

/// <summary>
/// Issues seals for tests without the issuance feature: throwaway keys (a P-384 root certifying a P-256 issuing key), the
/// trust list the public verifier checks against, and certificates for applications approved through the domain.
/// </summary>
public sealed class TestSealIssuer : ITrustListSource, IDisposable
{
    public const string IssuerName = "Test Certification Body e.V.";
    public const string PublicBaseUrl = "https://seals.example.org";

    private readonly X509Certificate2 _root;
    private readonly ECDsa _rootKey;
    private readonly X509Certificate2 _issuing;

    public TestSealIssuer(DateTimeOffset now)
    {
        _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootRequest = new CertificateRequest("CN=Test Seal Root, O=" + IssuerName, _rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        rootRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(rootRequest.PublicKey, false));
        _root = rootRequest.CreateSelfSigned(now.AddYears(-1), now.AddYears(20));

        using var issuingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Test Issuing Key, O=" + IssuerName, issuingKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_root, true, false));
        var serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        using var issued = request.Create(_root, now.AddDays(-30), now.AddYears(5), serial);
        _issuing = issued.CopyWithPrivateKey(issuingKey);
        KeyId = SealVerifier.KeyId.FromCertificate(_issuing);
    }

    public string KeyId { get; }

    /// <summary>The service URL written into the trust list (the command-line tool's online check asks it for status).</summary>
    public string ServiceUrl { get; set; } = PublicBaseUrl;

    public TrustList GetTrustList() => new(
        TrustList.CurrentVersion,
        IssuerName,
        ServiceUrl,
        new DateTimeOffset(_issuing.NotBefore.ToUniversalTime()),
        Convert.ToBase64String(_root.RawData),
        TrustList.Fingerprint(_root.RawData),
        [new TrustedKey(KeyId, Convert.ToBase64String(_issuing.RawData), new DateTimeOffset(_issuing.NotBefore.ToUniversalTime()),
            new DateTimeOffset(_issuing.NotAfter.ToUniversalTime()), TrustedKey.Active)]);

    /// <summary>The signed trust list document, as the service publishes it.</summary>
    public byte[] SignedTrustListJson(string serviceUrl) => SignedTrustList.Create(GetTrustList() with { ServiceUrl = serviceUrl }, _rootKey);

    /// <summary>
    /// Takes an application through the whole domain state machine to Approved, signs its seal and stores the certificate,
    /// as issuance does.
    /// </summary>
    public async Task<IssuedSeal> IssueAsync(SealServiceFactory factory, string holderName = "Softwarehaus Nordlicht Informationssysteme GmbH & Co. KG",
        string programId = "smig", string country = "DE", TimeSpan? validity = null, string? productName = null)
    {
        ArgumentNullException.ThrowIfNull(factory);
        return await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var catalog = sp.GetRequiredService<SealProgramCatalog>().FindProgram(programId)!.Current;
            var now = DateTimeOffset.FromUnixTimeSeconds(factory.Time.GetUtcNow().ToUnixTimeSeconds());
            var organization = Organization.Create(new OrganizationProfile(holderName, "GmbH", "HRB 4711", country, "Hauptstraße 1", "10115", "Berlin",
                "https://nordlicht.example", "Nina Nordlicht", "nina@nordlicht.example", false), now);
            var application = Approve(organization, catalog, productName ?? "Nordlicht ERP " + Guid.NewGuid().ToString("N")[..6], now);
            db.Organizations.Add(organization);
            db.Applications.Add(application);
            await db.SaveChangesAsync();

            var validUntil = now + (validity ?? TimeSpan.FromDays(365));
            var serial = Serial.New(catalog.SerialPrefix).Value;
            var payload = new SealPayload(
                SealPayload.CurrentVersion,
                serial,
                new ProgramRef(catalog.ProgramId, catalog.Name.In("en"), catalog.Version, catalog.Digest),
                new HolderRef(organization.LegalName, organization.RegistrationNumber, organization.Country, organization.Website),
                new ProductRef(application.ProductName, application.ProductVersion),
                application.ProductName + " " + application.ProductVersion,
                catalog.Criteria.Select(c => c.Id).ToList(),
                now,
                now,
                validUntil,
                new IssuerRef(IssuerName, KeyId),
                $"{PublicBaseUrl}/Verify?serial={serial}");
            var payloadBytes = payload.ToCanonicalJson();
            var signature = CmsSeal.SignDetached(payloadBytes, _issuing, now);
            var claims = QrClaims.Create(serial, catalog.ProgramId, organization.LegalName, application.ProductName, validUntil, now);
            using var key = _issuing.GetECDsaPrivateKey()!;
            var cose = QrToken.Sign(claims, key, SealVerifier.KeyId.Raw(_issuing));
            var certificate = new Certificate(application.Id, serial, catalog.ProgramId, organization.LegalName, organization.Country, application.ProductName, "en",
                payloadBytes, signature, QrToken.Encode(cose), KeyId, now, now, validUntil);
            application.MarkIssued(now);
            db.Certificates.Add(certificate);
            await db.SaveChangesAsync();
            return new IssuedSeal(serial, QrToken.BuildUrl(PublicBaseUrl, cose), QrToken.Encode(cose), payloadBytes, signature, organization.LegalName, application.ProductName);
        });
    }

    private static SealApplication Approve(Organization organization, CriteriaCatalog catalog, string productName, DateTimeOffset now)
    {
        var applicant = new Actor("test-applicant-" + Guid.NewGuid().ToString("N"), "Nina Nordlicht", organization.Id, new HashSet<string>([Roles.Applicant]));
        var auditor = new Actor("test-auditor-" + Guid.NewGuid().ToString("N"), "Anton Auditor", null, new HashSet<string>([Roles.Auditor]));
        var certifier = new Actor("test-certifier-" + Guid.NewGuid().ToString("N"), "Clara Certifier", null, new HashSet<string>([Roles.Certifier]));
        var application = SealApplication.Start(organization, catalog, new ProductInfo(productName, "5.2", "Enterprise resource planning", null), applicant, now);
        foreach (var criterion in catalog.Criteria)
        {
            application.Declare(criterion.Id, DeclarationAnswer.Met, "We meet this criterion; see the evidence.", applicant, now);
            if (criterion.EvidenceRequired)
            {
                application.AddEvidence(new EvidenceFile(application.Id, criterion.Id, "evidence.pdf", Guid.NewGuid().ToString("N"), "application/pdf", 1024,
                    Convert.ToHexStringLower(SHA256.HashData(Guid.NewGuid().ToByteArray())), null, applicant, now), applicant, now);
            }
        }

        application.Submit(catalog, new Attestation("Nina Nordlicht", "Managing director", "We confirm that our declarations are true."), "{}", "sha256:" + new string('0', 64), applicant, now);
        application.AssignAuditor(auditor, auditor, now);
        foreach (var criterion in catalog.Criteria)
        {
            application.Assess(criterion.Id, AssessmentResult.Conforms, "Checked.", [], auditor, now);
        }

        const string checklist = "sha256:checklist";
        application.Recommend(true, "All criteria conform.", checklist, auditor, now);
        application.Decide(true, "Audit complete, no findings.", checklist, checklist, certifier, now);
        return application;
    }

    public void Dispose()
    {
        _root.Dispose();
        _rootKey.Dispose();
        _issuing.Dispose();
    }
}

public sealed record IssuedSeal(string Serial, string QrUrl, string Token, byte[] Payload, byte[] Signature, string HolderName, string ProductName)
{
    /// <summary>The landing page path inside the QR URL, e.g. /V/ABC...</summary>
    public string LandingPath => "/V/" + Token;
}
