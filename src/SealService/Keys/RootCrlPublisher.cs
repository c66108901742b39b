namespace SealService.Keys;

/// <summary>
/// The root's certificate revocation list (RFC 5280, DER) at <c>/.well-known/seal-root.crl</c>: every issuing certificate
/// whose key is marked compromised, with the compromise time and reason keyCompromise. Issuing certificates name this URL
/// as their CRL distribution point, so <c>openssl verify -crl_check</c> and e-signature software find it.
/// </summary>
/// <remarks>
/// With the root at hand (development) the CRL is signed whenever the key store changes and again daily, valid for
/// <see cref="LiveValidity"/>. With the root offline, every <c>keys</c> command at the ceremony writes <c>root.crl</c>
/// valid for <see cref="CeremonyValidity"/>: the yearly rotation renews it long before it runs out.
/// </remarks>
public sealed class RootCrlPublisher(FileSealSigner signer, KeyStoreLocation location, TimeProvider time)
{
    public const string CrlFile = "root.crl";

    public static readonly TimeSpan LiveValidity = TimeSpan.FromDays(7);

    /// <summary>An offline root's CRL lasts until after the next yearly rotation, with a margin for a late ceremony.</summary>
    public static readonly TimeSpan CeremonyValidity = TimeSpan.FromDays(400);

    private readonly Lock _gate = new();
    private (KeyStoreManifest Manifest, DateTimeOffset SignedAt, byte[] Crl)? _cached;

    /// <summary>The current CRL (DER).</summary>
    public byte[] Crl()
    {
        var manifest = signer.Manifest();
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_cached is { } cached && ReferenceEquals(cached.Manifest, manifest) && now < cached.SignedAt + TrustListPublisher.RepublishAfter)
            {
                return cached.Crl;
            }

            byte[] crl;
            if (signer.CanSignTrustList)
            {
                crl = Sign(location.Store, signer, now, LiveValidity);
            }
            else
            {
                var path = Path.Combine(location.Store.Directory, CrlFile);
                crl = File.Exists(path)
                    ? File.ReadAllBytes(path)
                    : throw new InvalidOperationException($"{path} is missing: copy it from the key ceremony machine (keys/README.md).");
            }

            _cached = (manifest, now, crl);
            return crl;
        }
    }

    /// <summary>At the key ceremony: writes <c>root.crl</c> for servers that do not hold the root.</summary>
    public static void WriteCrlFile(FileKeyStore store, ISealSigner rootSigner, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        File.WriteAllBytes(Path.Combine(store.Directory, CrlFile), Sign(store, rootSigner, now, CeremonyValidity));
    }

    private static byte[] Sign(FileKeyStore store, ISealSigner rootSigner, DateTimeOffset now, TimeSpan validity)
    {
        var revoked = store.ReadManifest().Keys
            .Where(k => k.State == KeyState.Compromised)
            .Select(k =>
            {
                using var certificate = store.LoadIssuingCertificate(k.KeyId);
                return new RevokedIssuingCertificate(certificate.SerialNumberBytes.ToArray(), k.CompromisedSince ?? now);
            })
            .ToList();
        var thisUpdate = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        return rootSigner.SignRootCrl(revoked, store.ReserveSequence(), thisUpdate, thisUpdate + validity);
    }
}
