using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using SealService.Keys;
using SealVerifier.TransparencyLog;

namespace SealService.TransparencyLog;

/// <summary>
/// The log's Ed25519 signing key, kept like the issuing keys: an encrypted PKCS#8 PEM file (AES-256, PBKDF2) readable only
/// by the owner, next to a public <c>log.vkey</c> file with the verifier key. Created automatically only where
/// <c>Keys:CreateIfMissing</c> allows throwaway keys (development, tests); production runs <c>keys log-init</c> (keys/README.md).
/// </summary>
public sealed class LogSigningKey
{
    public const string DefaultKeyFile = "log.key";
    public const string VerifierKeyFile = "log.vkey";

    // RFC 8410: id-Ed25519.
    private const string Ed25519Oid = "1.3.101.112";

    private readonly TransparencyLogOptions _options;
    private readonly KeysOptions _keys;
    private readonly PublicUrls _urls;
    private readonly ILogger<LogSigningKey> _logger;
    private readonly Lock _gate = new();
    private byte[]? _seed;
    private NoteVerifierKey? _verifier;

    public LogSigningKey(IOptions<TransparencyLogOptions> options, IOptions<KeysOptions> keys, KeyStoreLocation location, PublicUrls urls, IHostEnvironment environment, ILogger<LogSigningKey> logger)
    {
        _options = options.Value;
        _keys = keys.Value;
        _urls = urls;
        _logger = logger;
        var configured = _options.KeyFile ?? Path.Combine(location.Store.Directory, DefaultKeyFile);
        KeyFile = Path.IsPathRooted(configured) ? configured : Path.Combine(environment.ContentRootPath, configured);
    }

    public string KeyFile { get; }

    /// <summary>The origin line of every checkpoint, which is also the key name.</summary>
    public string Origin => _options.Origin is { Length: > 0 } origin ? origin : OriginFor(_urls.BaseUrl);

    /// <summary>The public verifier key (vkey) that monitors and witnesses pin.</summary>
    public NoteVerifierKey VerifierKey
    {
        get
        {
            Load();
            return _verifier!;
        }
    }

    public static string OriginFor(string baseUrl)
    {
        var uri = new Uri(baseUrl.TrimEnd('/') + "/");
        var path = uri.AbsolutePath.TrimEnd('/');
        return $"{uri.Authority}{path}/log";
    }

    public string Sign(string noteText)
    {
        Load();
        return SignedNote.Sign(noteText, _verifier!.Name, _seed!);
    }

    /// <summary>Creates the key file; refuses to overwrite one. Returns the verifier key.</summary>
    public NoteVerifierKey Create()
    {
        lock (_gate)
        {
            if (File.Exists(KeyFile))
            {
                throw new InvalidOperationException($"{KeyFile} already exists; a log key is never overwritten.");
            }

            var seed = RandomNumberGenerator.GetBytes(32);
            var writer = new AsnWriter(AsnEncodingRules.DER);
            writer.WriteOctetString(seed);
            var info = new Pkcs8PrivateKeyInfo(new Oid(Ed25519Oid), null, writer.Encode());
            var encrypted = info.Encrypt(Passphrase, new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, FileKeyStore.KeyDerivationIterations));
            Directory.CreateDirectory(Path.GetDirectoryName(KeyFile)!);
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var file = new StreamWriter(new FileStream(KeyFile, fileOptions)))
            {
                file.Write(PemEncoding.Write("ENCRYPTED PRIVATE KEY", encrypted));
                file.Write('\n');
            }

            var verifier = new NoteVerifierKey(Origin, SealVerifier.TransparencyLog.SignedNote.PublicKeyOf(seed));
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(KeyFile)!, VerifierKeyFile), verifier + "\n");
            CryptographicOperations.ZeroMemory(seed);
            return verifier;
        }
    }

    private string Passphrase => _options.KeyPassphrase is { Length: > 0 } own ? own
        : _keys.Passphrase is { Length: > 0 } shared ? shared
        : throw new InvalidOperationException("Neither TransparencyLog:KeyPassphrase nor Keys:Passphrase is configured.");

    private void Load()
    {
        if (_seed is not null)
        {
            return;
        }

        lock (_gate)
        {
            if (_seed is not null)
            {
                return;
            }

            if (!File.Exists(KeyFile))
            {
                if (!_keys.CreateIfMissing)
                {
                    throw new InvalidOperationException($"No transparency log key at {KeyFile}. Run 'keys log-init' (see keys/README.md).");
                }

                Create();
                _logger.LogWarning("!!! DEVELOPMENT TRANSPARENCY LOG KEY CREATED at {KeyFile}. Never use it in production: see keys/README.md. !!!", KeyFile);
            }

            var pem = PemEncoding.Find(File.ReadAllText(KeyFile));
            var text = File.ReadAllText(KeyFile);
            if (text[pem.Label] != "ENCRYPTED PRIVATE KEY")
            {
                throw new InvalidOperationException($"{KeyFile} is not an encrypted PKCS#8 key.");
            }

            var info = Pkcs8PrivateKeyInfo.DecryptAndDecode(Passphrase, Convert.FromBase64String(text[pem.Base64Data]), out _);
            if (info.AlgorithmId.Value != Ed25519Oid)
            {
                throw new InvalidOperationException($"{KeyFile} is not an Ed25519 key.");
            }

            var seed = new AsnReader(info.PrivateKeyBytes, AsnEncodingRules.DER).ReadOctetString();
            if (seed.Length != 32)
            {
                throw new InvalidOperationException($"{KeyFile} does not hold a 32-byte Ed25519 key.");
            }

            _verifier = new NoteVerifierKey(Origin, SealVerifier.TransparencyLog.SignedNote.PublicKeyOf(seed));
            _seed = seed;
        }
    }
}
