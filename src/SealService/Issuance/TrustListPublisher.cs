using Microsoft.Extensions.Options;
using SealService.Infrastructure;
using SealVerifier;

namespace SealService.Issuance;

/// <summary>
/// Publishes the trust list: the root certificate and every issuing certificate with its key id, validity and state.
/// Where the root key is at hand (development, tests) the list is signed fresh whenever the key store changes; on a
/// production server, where the root stays offline, the document signed at the last key ceremony (<c>trust-list.json</c>
/// in the key folder, written by the <c>keys</c> commands) is served.
/// </summary>
public sealed class TrustListPublisher(FileSealSigner signer, KeyStoreLocation location, PublicUrls urls, IOptions<SealOptions> seal, TimeProvider time) : ITrustListSource
{
    public const string SignedFile = "trust-list.json";

    private readonly Lock _gate = new();
    private (KeyStoreManifest Manifest, TrustList List, byte[] Document)? _cached;

    public TrustList GetTrustList() => Current().List;

    /// <summary>The signed document served at <c>/.well-known/seal-trust-list.json</c>.</summary>
    public byte[] SignedDocument() => Current().Document;

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

    /// <summary>Signs the list with the root and stores it next to the keys, for servers that do not hold the root.</summary>
    public static void WriteSignedFile(FileKeyStore store, ISealSigner rootSigner, TrustList list)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(rootSigner);
        File.WriteAllBytes(Path.Combine(store.Directory, SignedFile), rootSigner.SignTrustList(list));
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
}
