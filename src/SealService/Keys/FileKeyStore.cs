using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Serialization;
using SealVerifier;

namespace SealService.Keys;

/// <summary>
/// The key hierarchy on disk: <c>root.key</c>/<c>root.crt</c> (ECDSA P-384 self-signed CA), one
/// <c>issuing-&lt;keyid&gt;.key</c>/<c>.crt</c> per issuing key (ECDSA P-256, certified by the root) and <c>keystore.json</c>
/// with each key's state. Private keys are encrypted PKCS#8 PEM files readable only by the owner (0600).
/// Together with <see cref="FileSealSigner"/> this is the only code that reads or writes private key material.
/// </summary>
public sealed class FileKeyStore
{
    public const string ManifestFile = "keystore.json";
    public const string RootKeyFile = "root.key";
    public const string RootCertificateFile = "root.crt";

    /// <summary>Extended key usage "document signing" (RFC 9336), carried by every issuing certificate.</summary>
    public const string DocumentSigningEku = "1.3.6.1.5.5.7.3.36";

    /// <summary>
    /// How long an issuing key signs (its originator-usage period). NIST SP 800-57 Part 1 Rev. 5, section 5.3.6, puts a
    /// private signature key's cryptoperiod at 1 to 3 years; one year keeps the amount signed with one key small.
    /// </summary>
    public static readonly TimeSpan SigningPeriod = TimeSpan.FromDays(365);

    /// <summary>
    /// The longest validity any seal can have (the issuance policy's bound for every program). The issuing certificate must
    /// stay valid until the last seal it signed expires, so that <c>openssl cms -verify</c> and other path validators accept
    /// the seal for its whole life (SP 800-57's recipient-usage period: the public key outlives its signing use).
    /// </summary>
    public const int LongestSealValidityMonths = Domain.Certificate.MaxValidityMonths;

    /// <summary>Upper bound of an issuing certificate's validity: the signing period plus the longest seal validity (36 months are at most 1,097 days).</summary>
    public static readonly TimeSpan MaxIssuingKeyValidity = SigningPeriod + TimeSpan.FromDays(1097) + TimeSpan.FromMinutes(5);

    // A root that signs only issuing certificates and trust lists and stays offline can live much longer (SP 800-57: up to 10-20 years for CA keys kept offline).
    public static readonly TimeSpan RootValidity = TimeSpan.FromDays(365 * 20);

    /// <summary>
    /// OWASP Password Storage Cheat Sheet (2023): PBKDF2-HMAC-SHA256 with 600,000 iterations. The count is stored in each
    /// key file, so lowering it (only the test project does, to stay fast) never affects reading existing keys.
    /// </summary>
    internal static int KeyDerivationIterations { get; set; } = 600_000;

    private static PbeParameters KeyEncryption => new(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, KeyDerivationIterations);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public FileKeyStore(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>Subject attributes and CRL address for new certificates (set from configuration by <see cref="KeyStoreLocation"/>).</summary>
    public CertificateProfile Profile { get; set; } = CertificateProfile.Default;

    public bool IsInitialized => File.Exists(Path.Combine(Directory, ManifestFile)) && File.Exists(Path.Combine(Directory, RootCertificateFile));

    /// <summary>The root's private key is present (ceremony machine, development); in production it stays offline.</summary>
    public bool HasRootKey => File.Exists(Path.Combine(Directory, RootKeyFile));

    public string ManifestPath => Path.Combine(Directory, ManifestFile);

    public KeyStoreManifest ReadManifest()
    {
        if (!IsInitialized)
        {
            throw new InvalidOperationException($"No key store in {Directory}. Run 'keys init' (see keys/README.md).");
        }

        return JsonSerializer.Deserialize<KeyStoreManifest>(File.ReadAllBytes(ManifestPath), Json)
            ?? throw new InvalidOperationException($"{ManifestPath} is empty.");
    }

    /// <summary>
    /// Creates the root and the first issuing key. Refuses to overwrite an existing store. <paramref name="development"/> marks
    /// throwaway keys in keystore.json, so Production can refuse them and demo data can only ever be signed with them.
    /// </summary>
    public KeyStoreManifest Initialize(string passphrase, string issuerName, DateTimeOffset now, bool development = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(passphrase);
        ArgumentException.ThrowIfNullOrWhiteSpace(issuerName);
        if (IsInitialized || HasRootKey)
        {
            throw new InvalidOperationException($"{Directory} already holds a key store; it is never overwritten.");
        }

        CreatePrivateDirectory();
        // The audit chain's HMAC key is born with the store and travels with the issuing key to the server (keys/README.md).
        var auditKey = Path.Combine(Directory, Data.AuditChainKey.FileName);
        if (!File.Exists(auditKey))
        {
            Data.AuditChainKey.Create(auditKey);
        }

        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var request = new CertificateRequest(Name(issuerName, $"{issuerName} Seal Root CA", Profile.Country), rootKey, HashAlgorithmName.SHA384);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var root = request.CreateSelfSigned(Truncate(now).AddMinutes(-5), Truncate(now).Add(RootValidity));
        WritePrivate(RootKeyFile, rootKey.ExportEncryptedPkcs8PrivateKeyPem(passphrase, KeyEncryption));
        WritePublic(RootCertificateFile, root.ExportCertificatePem());

        var manifest = new KeyStoreManifest(1, issuerName, TrustList.Fingerprint(root.RawData), now, []) { Development = development };
        var first = CreateIssuingKey(root, rootKey, issuerName, passphrase, now);
        manifest = manifest with { Keys = [first] };
        WriteManifest(manifest);
        return manifest;
    }

    /// <summary>Certifies a new issuing key with the root and makes it the active one; the previous active key is retired.</summary>
    public IssuingKeyRecord Rotate(string passphrase, DateTimeOffset now)
    {
        var manifest = ReadManifest();
        using var root = LoadRootWithKey(passphrase);
        using var rootKey = root.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The root certificate has no ECDSA key.");
        var created = CreateIssuingKey(root, rootKey, manifest.IssuerName, passphrase, now);
        var keys = manifest.Keys
            .Select(k => k.State == KeyState.Active ? k with { State = KeyState.Retired, RetiredAt = now } : k)
            .Append(created)
            .ToList();
        WriteManifest(manifest with { Keys = keys });
        return created;
    }

    /// <summary>Marks a key compromised: signatures it made from <paramref name="since"/> on are void in the trust list.</summary>
    public IssuingKeyRecord MarkCompromised(string keyId, DateTimeOffset since)
    {
        var manifest = ReadManifest();
        var key = manifest.Keys.FirstOrDefault(k => string.Equals(k.KeyId, keyId, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"No issuing key {keyId} in {Directory}.");
        if (key.State == KeyState.Active)
        {
            throw new InvalidOperationException($"Key {key.KeyId} is the active key. Run 'keys rotate' first so new seals get a sound key, then mark it compromised.");
        }

        var compromised = key with { State = KeyState.Compromised, CompromisedSince = since };
        WriteManifest(manifest with { Keys = manifest.Keys.Select(k => k.KeyId == key.KeyId ? compromised : k).ToList() });
        return compromised;
    }

    /// <summary>The file holding the last sequence number the root used for a trust list (or CRL number); it only grows.</summary>
    public const string SequenceFile = "root-sequence.txt";

    /// <summary>
    /// Reserves <paramref name="count"/> consecutive sequence numbers for documents the root signs (trust lists, CRLs) and
    /// answers the first. Persisted next to the root key, so numbers never repeat, across restarts and key ceremonies.
    /// </summary>
    public long ReserveSequence(int count = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var path = Path.Combine(Directory, SequenceFile);
        lock (SequenceGate)
        {
            var last = File.Exists(path) && long.TryParse(File.ReadAllText(path).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var stored) ? stored : 0;
            var temporary = path + ".tmp";
            File.WriteAllText(temporary, (last + count).ToString(System.Globalization.CultureInfo.InvariantCulture) + "\n");
            File.Move(temporary, path, overwrite: true);
            return last + 1;
        }
    }

    private static readonly Lock SequenceGate = new();

    public X509Certificate2 LoadRootCertificate() => X509CertificateLoader.LoadCertificate(ReadCertificateDer(RootCertificateFile));

    public X509Certificate2 LoadRootWithKey(string passphrase)
    {
        if (!HasRootKey)
        {
            throw new InvalidOperationException($"The root private key is not in {Directory}: run this on the offline key ceremony machine (keys/README.md).");
        }

        using var certificate = LoadRootCertificate();
        using var key = ECDsa.Create();
        key.ImportFromEncryptedPem(File.ReadAllText(Path.Combine(Directory, RootKeyFile)), passphrase);
        return certificate.CopyWithPrivateKey(key);
    }

    public X509Certificate2 LoadIssuingCertificate(string keyId) => X509CertificateLoader.LoadCertificate(ReadCertificateDer(IssuingFile(keyId, "crt")));

    public X509Certificate2 LoadIssuingWithKey(string keyId, string passphrase)
    {
        using var certificate = LoadIssuingCertificate(keyId);
        using var key = ECDsa.Create();
        key.ImportFromEncryptedPem(File.ReadAllText(Path.Combine(Directory, IssuingFile(keyId, "key"))), passphrase);
        return certificate.CopyWithPrivateKey(key);
    }

    private IssuingKeyRecord CreateIssuingKey(X509Certificate2 root, ECDsa rootKey, string issuerName, string passphrase, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var keyId = KeyId.FromRaw(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, KeyId.RawLength));
        var request = new CertificateRequest(Name(issuerName, $"{issuerName} Seal Issuing Key {keyId}", Profile.Country), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        // Document signing (RFC 9336): what e-signature software looks for in a certificate that signs documents.
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(DocumentSigningEku)], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        if (Profile.CrlUrl is { Length: > 0 } crl)
        {
            request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crl], critical: false));
        }

        var notBefore = Truncate(now).AddMinutes(-5);
        var rootEnd = new DateTimeOffset(root.NotAfter.ToUniversalTime());
        // Signing ends after the signing period, or earlier when the root would not cover the seals signed until then.
        var signingUntil = Min(Truncate(now).Add(SigningPeriod), rootEnd.AddMonths(-LongestSealValidityMonths).AddDays(-1));
        if (signingUntil <= Truncate(now))
        {
            throw new InvalidOperationException($"The root certificate expires on {rootEnd:u}, too soon to cover seals signed from now on. Run a new key ceremony (keys/README.md).");
        }

        var notAfter = Min(signingUntil.AddMonths(LongestSealValidityMonths).AddDays(1), rootEnd);
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), notBefore, notAfter, serial);
        WritePrivate(IssuingFile(keyId, "key"), key.ExportEncryptedPkcs8PrivateKeyPem(passphrase, KeyEncryption));
        WritePublic(IssuingFile(keyId, "crt"), certificate.ExportCertificatePem());
        return new IssuingKeyRecord(keyId, KeyState.Active, now, new DateTimeOffset(certificate.NotBefore.ToUniversalTime()), new DateTimeOffset(certificate.NotAfter.ToUniversalTime()), null, null, signingUntil);
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static string IssuingFile(string keyId, string extension)
    {
        if (keyId.Length != KeyId.RawLength * 2 || !keyId.All(char.IsAsciiHexDigitLower))
        {
            throw new InvalidOperationException($"'{keyId}' is not a key id (16 lowercase hex characters).");
        }

        return $"issuing-{keyId}.{extension}";
    }

    private byte[] ReadCertificateDer(string file)
    {
        var path = Path.Combine(Directory, file);
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        return certificate.RawData;
    }

    private void CreatePrivateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private void WritePrivate(string file, string pem)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            // Created 0600 from the first byte: there is no moment in which another user could open the file.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var writer = new StreamWriter(new FileStream(Path.Combine(Directory, file), options));
        writer.Write(pem);
    }

    private void WritePublic(string file, string pem) => File.WriteAllText(Path.Combine(Directory, file), pem + "\n");

    private void WriteManifest(KeyStoreManifest manifest)
    {
        var temporary = ManifestPath + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(manifest, Json));
        File.Move(temporary, ManifestPath, overwrite: true);
    }

    private static DateTimeOffset Truncate(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    private static X500DistinguishedName Name(string organization, string commonName, string? country)
    {
        // Most significant first in the encoding (C, O, CN), as RFC 5280 profiles expect.
        var builder = new X500DistinguishedNameBuilder();
        if (country is { Length: 2 })
        {
            builder.AddCountryOrRegion(country);
        }

        builder.AddOrganizationName(organization.Length > 64 ? organization[..64] : organization);
        builder.AddCommonName(commonName.Length > 64 ? commonName[^64..] : commonName);
        return builder.Build();
    }
}

public enum KeyState
{
    Active,
    Retired,
    Compromised,
}

/// <summary>The content of <c>keystore.json</c>: no secrets, only which keys exist and what state they are in.</summary>
public sealed record KeyStoreManifest(int Version, string IssuerName, string RootFingerprint, DateTimeOffset Created, IReadOnlyList<IssuingKeyRecord> Keys)
{
    public IssuingKeyRecord? ActiveKey => Keys.LastOrDefault(k => k.State == KeyState.Active);

    /// <summary>Throwaway keys created for development or tests; absent (false) in a store made at a key ceremony.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Development { get; init; }
}

/// <param name="NotBefore">Start of the certificate's validity (and of signing).</param>
/// <param name="NotAfter">End of the certificate's validity: at least the end of signing plus the longest seal validity.</param>
/// <param name="SigningUntil">End of the signing period; keys written before signing periods existed have none and sign until <paramref name="NotAfter"/> at most.</param>
public sealed record IssuingKeyRecord(
    string KeyId,
    KeyState State,
    DateTimeOffset Created,
    DateTimeOffset NotBefore,
    DateTimeOffset NotAfter,
    DateTimeOffset? CompromisedSince,
    DateTimeOffset? RetiredAt,
    DateTimeOffset? SigningUntil = null)
{
    /// <summary>The last moment this key may sign.</summary>
    [JsonIgnore]
    public DateTimeOffset SigningEnds => SigningUntil ?? NotAfter;

    /// <summary>
    /// Whether a seal signed at <paramref name="signedAt"/> and valid until <paramref name="validUntil"/> fits this key: within
    /// the signing period, and the certificate outlives the seal (so standard tools accept the seal until it expires).
    /// </summary>
    public bool Covers(DateTimeOffset signedAt, DateTimeOffset validUntil) =>
        NotBefore <= signedAt && signedAt <= SigningEnds && validUntil <= NotAfter;

    /// <summary>The last moment a seal of <paramref name="validityMonths"/> months can be signed with this key.</summary>
    public DateTimeOffset LastSigningFor(int validityMonths)
    {
        var coveredByCertificate = NotAfter.AddMonths(-validityMonths);
        return coveredByCertificate < SigningEnds ? coveredByCertificate : SigningEnds;
    }

    public string TrustListState => State switch
    {
        KeyState.Active => TrustedKey.Active,
        KeyState.Retired => TrustedKey.Retired,
        _ => TrustedKey.Compromised,
    };
}

/// <summary>What new certificates carry besides their keys: the subject's country (C) and the root CRL's address.</summary>
/// <param name="Country">ISO 3166 two-letter code of the certification body, or <see langword="null"/>.</param>
/// <param name="CrlUrl">Where the root's CRL is published (<c>/.well-known/seal-root.crl</c>), or <see langword="null"/>.</param>
public sealed record CertificateProfile(string? Country, string? CrlUrl)
{
    public static readonly CertificateProfile Default = new(null, null);
}
