using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SealVerifier;

namespace SealService.Keys;

/// <summary>
/// Signs with keys from a <see cref="FileKeyStore"/>. Decrypted issuing keys are cached in memory; the key store manifest is
/// re-read when it changes on disk, so a rotation made with the admin command takes effect without a restart.
/// </summary>
public sealed class FileSealSigner : ISealSigner, IDisposable
{
    public const string DevelopmentPassphrase = "development-only";

    private readonly KeyStoreLocation _location;
    private readonly ILogger<FileSealSigner> _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, X509Certificate2> _issuing = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private KeyStoreManifest? _manifest;
    private X509Certificate2? _root;
    private DateTime _manifestWritten;

    public FileSealSigner(KeyStoreLocation location, TimeProvider time, ILogger<FileSealSigner> logger)
    {
        _location = location;
        _time = time;
        _logger = logger;
    }

    /// <remarks>Whether the key may still sign a given seal (signing period, certificate outliving the seal) is the issuance policy's check, made with the pipeline's clock.</remarks>
    public string CurrentKeyId =>
        (Manifest().ActiveKey ?? throw new InvalidOperationException("The key store has no active issuing key. Run 'keys rotate'.")).KeyId;

    public bool CanSignTrustList => _location.Store.HasRootKey;

    public byte[] SignCms(string keyId, byte[] content, DateTimeOffset signingTime) =>
        CmsSeal.SignDetached(content, Issuing(keyId), signingTime);

    public byte[] SignQr(string keyId, QrClaims claims)
    {
        var certificate = Issuing(keyId);
        using var key = certificate.GetECDsaPrivateKey() ?? throw new InvalidOperationException($"Issuing key {keyId} has no ECDSA private key.");
        return QrToken.Sign(claims, key, KeyId.Raw(keyId));
    }

    public byte[] SignJose(string keyId, byte[] signingInput)
    {
        using var key = Issuing(keyId).GetECDsaPrivateKey() ?? throw new InvalidOperationException($"Issuing key {keyId} has no ECDSA private key.");
        return key.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    public byte[] SignTrustList(TrustList trustList)
    {
        var root = Root();
        using var key = root.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The root certificate has no ECDSA private key.");
        return SignedTrustList.Create(trustList, key);
    }

    public string SignTrustListJws(TrustList trustList, long sequence, DateTimeOffset issuedAt, DateTimeOffset expiresAt, DateTimeOffset? notBefore = null)
    {
        var root = Root();
        using var key = root.GetECDsaPrivateKey() ?? throw new InvalidOperationException("The root certificate has no ECDSA private key.");
        return TrustListJws.Create(trustList, root, key, sequence, issuedAt, expiresAt, notBefore);
    }

    public byte[] SignRootCrl(IReadOnlyList<RevokedIssuingCertificate> revoked, long crlNumber, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        ArgumentNullException.ThrowIfNull(revoked);
        var builder = new CertificateRevocationListBuilder();
        foreach (var entry in revoked)
        {
            builder.AddEntry(entry.SerialNumber, entry.Since, X509RevocationReason.KeyCompromise);
        }

        return builder.Build(Root(), crlNumber, nextUpdate, HashAlgorithmName.SHA384, thisUpdate: thisUpdate);
    }

    private X509Certificate2 Root()
    {
        Manifest();
        lock (_gate)
        {
            return _root ??= _location.Store.LoadRootWithKey(_location.Passphrase);
        }
    }

    /// <summary>The current manifest (re-read when keystore.json changed).</summary>
    public KeyStoreManifest Manifest()
    {
        _location.EnsureCreated();
        var written = File.GetLastWriteTimeUtc(_location.Store.ManifestPath);
        lock (_gate)
        {
            if (_manifest is null || written != _manifestWritten)
            {
                _manifest = _location.Store.ReadManifest();
                _manifestWritten = written;
            }

            return _manifest;
        }
    }

    public void Dispose()
    {
        foreach (var certificate in _issuing.Values)
        {
            certificate.Dispose();
        }

        _issuing.Clear();
        _root?.Dispose();
    }

    private X509Certificate2 Issuing(string keyId)
    {
        var record = Manifest().Keys.FirstOrDefault(k => k.KeyId == keyId) ?? throw new InvalidOperationException($"Unknown issuing key {keyId}.");
        if (record.State == KeyState.Compromised)
        {
            throw new InvalidOperationException($"Issuing key {keyId} is marked compromised and never signs again.");
        }

        return _issuing.GetOrAdd(keyId, id =>
        {
            _logger.LogInformation("Loading issuing key {KeyId} from the key store.", id);
            return _location.Store.LoadIssuingWithKey(id, _location.Passphrase);
        });
    }
}

/// <summary>
/// The configured key store folder and passphrase. In Development (<c>Keys:CreateIfMissing</c>) an empty folder gets a
/// throwaway hierarchy on first use, with a loud warning; Production never creates keys (see <see cref="KeysStartupCheck"/>).
/// </summary>
public sealed class KeyStoreLocation
{
    private readonly KeysOptions _options;
    private readonly string _issuerName;
    private readonly TimeProvider _time;
    private readonly ILogger<KeyStoreLocation> _logger;
    private readonly Lock _gate = new();

    public KeyStoreLocation(IOptions<KeysOptions> options, IOptions<SealOptions> seal, IHostEnvironment environment, TimeProvider time, ILogger<KeyStoreLocation> logger)
    {
        _options = options.Value;
        _issuerName = seal.Value.IssuerName;
        _time = time;
        _logger = logger;
        var configured = _options.Directory ?? throw new InvalidOperationException("Keys:Directory is not configured (see keys/README.md).");
        Store = new FileKeyStore(Resolve(configured, environment))
        {
            Profile = new CertificateProfile(
                seal.Value.IssuerCountry,
                string.IsNullOrWhiteSpace(seal.Value.PublicBaseUrl) ? null : seal.Value.PublicBaseUrl.TrimEnd('/') + RootCrlPath),
        };
    }

    /// <summary>Where the root's CRL is served; issuing certificates name it as their CRL distribution point.</summary>
    public const string RootCrlPath = "/.well-known/seal-root.crl";

    /// <summary>
    /// Development stores only: rotates the issuing key when it can no longer sign a seal of <paramref name="validityMonths"/>
    /// at <paramref name="now"/> (as an operator would with <c>keys rotate</c>). Answers whether it rotated.
    /// </summary>
    public bool RotateDevelopmentKeyIfDue(DateTimeOffset now, int validityMonths)
    {
        if (!_options.CreateIfMissing || !Store.IsInitialized || !Store.HasRootKey)
        {
            return false;
        }

        lock (_gate)
        {
            if (Store.ReadManifest().ActiveKey is { } active && now <= active.LastSigningFor(validityMonths))
            {
                return false;
            }

            var created = Store.Rotate(Passphrase, now);
            _logger.LogWarning("Development issuing key rotated: {KeyId} signs from now on (the previous one reached the end of its signing period).", created.KeyId);
            return true;
        }
    }

    public FileKeyStore Store { get; }

    /// <summary>
    /// Throwaway keys: created on demand, protected by the published passphrase, or marked as such in keystore.json. Only these
    /// may sign demo data, and Production refuses to start with them (<see cref="KeysStartupCheck"/>).
    /// </summary>
    public bool IsDevelopmentStore => IsDevelopment(_options, Store);

    public static bool IsDevelopment(KeysOptions options, FileKeyStore store)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        return options.CreateIfMissing || options.Passphrase == FileSealSigner.DevelopmentPassphrase || (store.IsInitialized && store.ReadManifest().Development);
    }

    /// <summary>A relative key folder is resolved against the content root, like the data folder.</summary>
    public static string Resolve(string configured, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return Path.IsPathRooted(configured) ? configured : Path.Combine(environment.ContentRootPath, configured);
    }

    public string Passphrase => _options.Passphrase is { Length: > 0 } passphrase
        ? passphrase
        : throw new InvalidOperationException("Keys:Passphrase is not configured (environment variable Keys__Passphrase).");

    public void EnsureCreated() => EnsureCreated(_time.GetUtcNow());

    /// <summary>
    /// For demo data signed in the past: creates missing development keys as if the hierarchy had existed since
    /// <paramref name="since"/> (only where <see cref="KeysOptions.CreateIfMissing"/> allows throwaway keys at all) and
    /// answers whether the active issuing key's validity covers that moment. An existing store is never changed.
    /// </summary>
    public bool EnsureCreatedSince(DateTimeOffset since)
    {
        EnsureCreated(since);
        return Store.ReadManifest().ActiveKey is { } active && active.NotBefore <= since && since <= active.SigningEnds;
    }

    private void EnsureCreated(DateTimeOffset createdAt)
    {
        if (Store.IsInitialized)
        {
            return;
        }

        lock (_gate)
        {
            if (Store.IsInitialized)
            {
                return;
            }

            if (!_options.CreateIfMissing)
            {
                throw new InvalidOperationException($"No signing keys in {Store.Directory}. Run 'keys init' (see keys/README.md).");
            }

            Store.Initialize(Passphrase, _issuerName, createdAt, development: true);
            _logger.LogWarning(
                "!!! DEVELOPMENT SIGNING KEYS CREATED in {Directory} (valid from {NotBefore:u}) with a published passphrase. Seals signed with them prove nothing. Never use them in production: see keys/README.md. !!!",
                Store.Directory, createdAt);
        }
    }
}
