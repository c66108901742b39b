using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SealVerifier;

/// <summary>
/// The keys of a trust list, parsed once. Decoding the X.509 certificate and importing its key cost more than the
/// signature check itself; a verifier that checks many seals against one list (the public verifier page, a batch run)
/// keeps them here, per trust list instance: the certificate's DER bytes (to match a CMS signature's embedded
/// certificate), its IssuerAndSerialNumber (the CMS signer identifier) and its public key. ECDsa objects are not
/// documented as thread-safe, so each is rented by one caller at a time from a small pool.
/// </summary>
internal static class TrustedKeyCache
{
    /// <summary>How many verified QR tokens are remembered per trust list (about 300 bytes each); when full, it starts over.</summary>
    public const int VerifiedTokenLimit = 4096;

    private static readonly ConditionalWeakTable<TrustList, ConcurrentDictionary<string, Entry>> Entries = new();
    private static readonly ConditionalWeakTable<TrustList, ConcurrentDictionary<string, bool>> VerifiedTokens = new();

    /// <summary>
    /// Whether this exact QR token's signature was verified against this trust list before. A token is the signed message
    /// and its signature, so the same characters verify the same way again: a seal scanned often (a label on a shelf, a shop
    /// footer) costs one signature check, not one per scan. Only the signature is remembered; the key's state, the dates and
    /// the live status are checked on every verification.
    /// </summary>
    public static bool WasVerified(TrustList trustList, string token) =>
        VerifiedTokens.TryGetValue(trustList, out var tokens) && tokens.ContainsKey(token);

    /// <summary>Remembers that this token's signature verified against this trust list.</summary>
    public static void Verified(TrustList trustList, string token)
    {
        var tokens = VerifiedTokens.GetValue(trustList, _ => new ConcurrentDictionary<string, bool>(StringComparer.Ordinal));
        if (tokens.Count >= VerifiedTokenLimit)
        {
            tokens.Clear();
        }

        tokens.TryAdd(token, true);
    }

    /// <summary>Runs <paramref name="use"/> with the key's public ECDSA key; false when the certificate holds none.</summary>
    public static bool Use(TrustList trustList, TrustedKey key, Func<ECDsa, bool> use)
    {
        var entry = Get(trustList, key);
        if (entry.Certificate is null)
        {
            return false;
        }

        if (!entry.Pool.TryTake(out var ecdsa))
        {
            using var cert = X509CertificateLoader.LoadCertificate(entry.Certificate);
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
            entry.Pool.Add(ecdsa);
        }
    }

    /// <summary>The trust list key whose certificate is exactly these DER bytes, or null.</summary>
    public static TrustedKey? FindByCertificate(TrustList trustList, ReadOnlySpan<byte> certificate)
    {
        foreach (var key in trustList.Keys)
        {
            if (Get(trustList, key).Certificate is { } der && der.AsSpan().SequenceEqual(certificate))
            {
                return key;
            }
        }

        return null;
    }

    /// <summary>The DER IssuerAndSerialNumber of the key's certificate (empty when the certificate cannot be read).</summary>
    public static ReadOnlySpan<byte> IssuerAndSerialNumber(TrustList trustList, TrustedKey key) => Get(trustList, key).IssuerAndSerialNumber;

    private static Entry Get(TrustList trustList, TrustedKey key)
    {
        var entries = Entries.GetValue(trustList, _ => new ConcurrentDictionary<string, Entry>(StringComparer.Ordinal));
        return entries.GetOrAdd(key.KeyId, _ => Entry.Of(key));
    }

    private sealed class Entry
    {
        private Entry(byte[]? certificate, byte[] issuerAndSerialNumber)
        {
            Certificate = certificate;
            IssuerAndSerialNumber = issuerAndSerialNumber;
        }

        public byte[]? Certificate { get; }

        public byte[] IssuerAndSerialNumber { get; }

        public ConcurrentBag<ECDsa> Pool { get; } = [];

        public static Entry Of(TrustedKey key)
        {
            try
            {
                var der = Convert.FromBase64String(key.Certificate);
                using var cert = X509CertificateLoader.LoadCertificate(der);
                return new Entry(der, CmsStructure.IssuerAndSerialNumber(cert));
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                return new Entry(null, []);
            }
        }
    }
}
