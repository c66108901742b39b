using SealVerifier;

namespace SealService.Keys;

/// <summary>
/// Publishes the trust list: the root certificate and every issuing certificate with its key id, signing period and state,
/// in two formats: the compact JWS (<c>/.well-known/seal-trust-list.jwt</c>, current: expires within a week, growing
/// sequence) and the legacy signed JSON (<c>/.well-known/seal-trust-list.json</c>, kept for existing clients).
/// </summary>
/// <remarks>
/// Where the root key is at hand (development, tests) lists are signed fresh whenever the key store changes, and the JWS is
/// signed again a day after the last one (<see cref="RepublishAfter"/>), long before it expires. On a production server the
/// root stays offline: every <c>keys</c> command at the ceremony writes the legacy document (<c>trust-list.json</c>) and
/// a year of JWS lists signed ahead (<c>trust-list-jws/</c>, each valid for seven days from its <c>nbf</c>, overlapping by a
/// day, with consecutive sequence numbers); the server serves the newest one in force.
/// </remarks>
public sealed class TrustListPublisher(FileSealSigner signer, KeyStoreLocation location, PublicUrls urls, IOptions<SealOptions> seal, TimeProvider time, ILogger<TrustListPublisher> logger)
    : ITrustListSource
{
    public const string SignedFile = "trust-list.json";

    /// <summary>Folder of JWS lists signed ahead of time at the key ceremony.</summary>
    public const string PreSignedFolder = "trust-list-jws";

    /// <summary>A fresh JWS is signed this long after the previous one (its lifetime is <see cref="TrustListJws.MaxLifetime"/>).</summary>
    public static readonly TimeSpan RepublishAfter = TimeSpan.FromDays(1);

    /// <summary>Spacing of the lists signed ahead: a day less than their lifetime, so consecutive lists overlap.</summary>
    public static readonly TimeSpan PreSignedStep = TimeSpan.FromDays(6);

    /// <summary>How many lists a ceremony signs ahead: a year and a bit.</summary>
    public const int PreSignedCount = 62;

    private readonly Lock _gate = new();
    private (KeyStoreManifest Manifest, TrustList List, byte[] Document)? _cached;
    private (KeyStoreManifest Manifest, string Jws, TrustListLoadResult Loaded)? _jws;

    public TrustList GetTrustList() => Current().List;

    /// <summary>The legacy signed document served at <c>/.well-known/seal-trust-list.json</c>.</summary>
    public byte[] SignedDocument() => Current().Document;

    /// <summary>The JWS served at <c>/.well-known/seal-trust-list.jwt</c>: signed now (root at hand) or the newest pre-signed one in force.</summary>
    public string Jws() => CurrentJws().Jws;

    /// <summary>Sequence and expiry of the JWS currently served.</summary>
    public TrustListLoadResult JwsState() => CurrentJws().Loaded;

    public string RootCertificatePem()
    {
        signer.Manifest();
        using var root = location.Store.LoadRootCertificate();
        return root.ExportCertificatePem() + "\n";
    }

    /// <summary>Builds the list from the key store (public certificates only).</summary>
    public static TrustList Build(FileKeyStore store, string issuerName, string serviceUrl, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        var manifest = store.ReadManifest();
        using var root = store.LoadRootCertificate();
        var keys = manifest.Keys.Select(k =>
        {
            using var certificate = store.LoadIssuingCertificate(k.KeyId);
            // The list states the signing period: a signature made after it is not genuine, while the certificate stays valid longer.
            return new TrustedKey(k.KeyId, Convert.ToBase64String(certificate.RawData), k.NotBefore, k.SigningEnds, k.TrustListState, k.CompromisedSince);
        }).ToList();
        return new TrustList(TrustList.CurrentVersion, issuerName, serviceUrl, now, Convert.ToBase64String(root.RawData), TrustList.Fingerprint(root.RawData), keys);
    }

    /// <summary>
    /// At the key ceremony: signs the list with the root and stores it next to the keys for servers that do not hold the root,
    /// in the legacy format and as a year of JWS lists signed ahead (replacing the previous ones).
    /// </summary>
    public static void WriteSignedFile(FileKeyStore store, ISealSigner rootSigner, TrustList list)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rootSigner);
        ArgumentNullException.ThrowIfNull(list);
        File.WriteAllBytes(Path.Combine(store.Directory, SignedFile), rootSigner.SignTrustList(list));

        var folder = Path.Combine(store.Directory, PreSignedFolder);
        var staging = folder + ".new";
        if (Directory.Exists(staging))
        {
            Directory.Delete(staging, recursive: true);
        }

        Directory.CreateDirectory(staging);
        var first = store.ReserveSequence(PreSignedCount);
        var signedAt = list.GeneratedAt;
        for (var i = 0; i < PreSignedCount; i++)
        {
            var notBefore = signedAt + (PreSignedStep * i);
            var jws = rootSigner.SignTrustListJws(list, first + i, signedAt, notBefore + TrustListJws.MaxLifetime, notBefore);
            File.WriteAllText(Path.Combine(staging, $"{first + i:D12}.jwt"), jws);
        }

        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        Directory.Move(staging, folder);
        // The root's CRL changes with the same ceremonies (a key marked compromised), so it is signed with the list.
        RootCrlPublisher.WriteCrlFile(store, rootSigner, signedAt);
    }

    private (KeyStoreManifest Manifest, TrustList List, byte[] Document) Current()
    {
        var manifest = signer.Manifest();
        lock (_gate)
        {
            if (_cached is { } cached && ReferenceEquals(cached.Manifest, manifest))
            {
                return cached;
            }

            if (signer.CanSignTrustList)
            {
                var list = Build(location.Store, seal.Value.IssuerName, urls.BaseUrl, time.GetUtcNow());
                _cached = (manifest, list, signer.SignTrustList(list));
            }
            else
            {
                var path = Path.Combine(location.Store.Directory, SignedFile);
                if (!File.Exists(path))
                {
                    throw new InvalidOperationException($"{path} is missing: copy it from the key ceremony machine (keys/README.md).");
                }

                var document = File.ReadAllBytes(path);
                using var root = location.Store.LoadRootCertificate();
                var loaded = SignedTrustList.Load(document, TrustList.Fingerprint(root.RawData));
                if (!loaded.Success)
                {
                    throw new InvalidOperationException($"{path} is not a valid signed trust list: {loaded.Error}");
                }

                _cached = (manifest, loaded.TrustList, document);
            }

            return _cached.Value;
        }
    }

    private (KeyStoreManifest Manifest, string Jws, TrustListLoadResult Loaded) CurrentJws()
    {
        var manifest = signer.Manifest();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_jws is { } cached && ReferenceEquals(cached.Manifest, manifest) && now < cached.Loaded.IssuedAt + RepublishAfter
                && now < cached.Loaded.ExpiresAt - TimeSpan.FromHours(1))
            {
                return cached;
            }

            using var root = location.Store.LoadRootCertificate();
            var fingerprint = TrustList.Fingerprint(root.RawData);
            if (signer.CanSignTrustList)
            {
                var list = Build(location.Store, seal.Value.IssuerName, urls.BaseUrl, now);
                var issuedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
                var jws = signer.SignTrustListJws(list, location.Store.ReserveSequence(), issuedAt, issuedAt + TrustListJws.MaxLifetime);
                var loaded = TrustListJws.Load(System.Text.Encoding.ASCII.GetBytes(jws), fingerprint, now);
                _jws = (manifest, jws, loaded.Success ? loaded : throw new InvalidOperationException("The freshly signed trust list does not verify: " + loaded.Error));
                logger.LogInformation("Trust list {Sequence} signed, valid until {Expires:u}.", loaded.Sequence, loaded.ExpiresAt);
            }
            else
            {
                var (jws, loaded) = NewestPreSigned(fingerprint, now);
                _jws = (manifest, jws, loaded);
            }

            return _jws.Value;
        }
    }

    /// <summary>The pre-signed list in force now with the highest sequence (and the longest remaining life among equals).</summary>
    private (string Jws, TrustListLoadResult Loaded) NewestPreSigned(string fingerprint, DateTimeOffset now)
    {
        var folder = Path.Combine(location.Store.Directory, PreSignedFolder);
        if (!Directory.Exists(folder))
        {
            throw new InvalidOperationException($"{folder} is missing: copy it from the key ceremony machine (keys/README.md).");
        }

        (string Jws, TrustListLoadResult Loaded)? best = null;
        foreach (var file in Directory.EnumerateFiles(folder, "*.jwt"))
        {
            var jws = File.ReadAllText(file).Trim();
            var loaded = TrustListJws.Load(System.Text.Encoding.ASCII.GetBytes(jws), fingerprint, now);
            if (loaded.Success && (best is null || loaded.Sequence > best.Value.Loaded.Sequence))
            {
                best = (jws, loaded);
            }
        }

        return best ?? throw new InvalidOperationException(
            $"No trust list signed ahead in {folder} is in force now: run 'keys rotate' or another keys command at a key ceremony and copy {PreSignedFolder}/ (keys/README.md).");
    }
}

/// <summary>
/// Keeps the published JWS trust list fresh: re-signs it (root at hand) or switches to the next list signed ahead, and warns
/// when the lists signed at the last ceremony are about to run out. Each node serves the list from its own memory, so each
/// refreshes its own; the warning is a <see cref="ClusterJobs"/> job that one node logs per interval.
/// </summary>
public sealed class TrustListRepublisher(TrustListPublisher publisher, KeyStoreLocation location, ClusterJobs jobs, TimeProvider time, ILogger<TrustListRepublisher> logger) : BackgroundService
{
    public const string WarningJob = "trust-list-expiry-warning";

    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    /// <summary>Warn this long before the last list signed ahead expires.</summary>
    public static readonly TimeSpan WarnAhead = TimeSpan.FromDays(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        var atStart = true;
        do
        {
            try
            {
                // With the root at hand a list is signed on first use anyway; signing one at start would only put the root
                // key's decryption (deliberately slow) beside the host's own start-up.
                if (location.Store.IsInitialized && !(atStart && location.Store.HasRootKey))
                {
                    var state = publisher.JwsState();
                    if (!location.Store.HasRootKey)
                    {
                        await WarnOnceIfRunningOutAsync(stoppingToken);
                    }

                    logger.LogDebug("Trust list {Sequence} in force until {Expires:u}.", state.Sequence, state.ExpiresAt);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                logger.LogError(ex, "The trust list could not be republished: verifiers will refuse the old one once it expires.");
            }

            atStart = false;
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task WarnOnceIfRunningOutAsync(CancellationToken ct)
    {
        try
        {
            await jobs.RunIfDueAsync(WarningJob, Interval, (_, _) =>
            {
                WarnIfRunningOut();
                return Task.CompletedTask;
            }, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A database that is away (it keeps the job's record) must not stop the refresh of the list itself.
            logger.LogError(ex, "Could not check whether the trust lists signed ahead run out; trying again in {Interval}.", Interval);
        }
    }

    private void WarnIfRunningOut()
    {
        var folder = Path.Combine(location.Store.Directory, TrustListPublisher.PreSignedFolder);
        var last = Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*.jwt").Order(StringComparer.Ordinal).LastOrDefault() : null;
        if (last is null)
        {
            return;
        }

        if (TrustListJws.UnverifiedExpiry(File.ReadAllText(last)) is { } end && end - time.GetUtcNow() < WarnAhead)
        {
            logger.LogWarning("The trust lists signed ahead at the last key ceremony run out on {End:u}. Run a keys command at the ceremony machine and copy {Folder}/ to the server (keys/README.md).", end, TrustListPublisher.PreSignedFolder);
        }
    }
}
