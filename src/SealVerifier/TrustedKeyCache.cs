using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SealVerifier;

/// <summary>
/// The public keys of a trust list, parsed once. Loading the X.509 certificate and importing its key cost more than the
/// signature check itself; a verifier that checks many seals against one list (the public verifier page, a batch run)
/// keeps them here, per trust list instance. ECDsa objects are not documented as thread-safe, so each is rented by one
/// caller at a time from a small pool.
/// </summary>
internal static class TrustedKeyCache
{
    private static readonly ConditionalWeakTable<TrustList, ConcurrentDictionary<string, ConcurrentBag<ECDsa>>> Pools = new();

    /// <summary>Runs <paramref name="use"/> with the key's public ECDSA key; false when the certificate holds none.</summary>
    public static bool Use(TrustList trustList, TrustedKey key, Func<ECDsa, bool> use)
    {
        var pools = Pools.GetValue(trustList, _ => new ConcurrentDictionary<string, ConcurrentBag<ECDsa>>(StringComparer.Ordinal));
        var pool = pools.GetOrAdd(key.KeyId, _ => []);
        if (!pool.TryTake(out var ecdsa))
        {
            using var cert = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(key.Certificate));
            ecdsa = cert.GetECDsaPublicKey();
            if (ecdsa is null)
            {
                return false;
            }
        }

        try
        {
            return use(ecdsa);
        }
        finally
        {
            pool.Add(ecdsa);
        }
    }
}
