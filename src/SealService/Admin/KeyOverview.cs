using System.Security.Cryptography.X509Certificates;
using SealService.Keys;
using SealVerifier;

namespace SealService.Admin;

/// <summary>
/// The signing key hierarchy as the published trust list states it, with how many certificates each issuing key signed.
/// Read-only: key ceremonies (rotation, compromise) happen with the <c>keys</c> command, never through the web.
/// </summary>
public sealed class KeyOverview(ITrustListSource trustList, KeyStoreLocation location, AppDbContext db)
{
    public async Task<KeyHierarchy> ReadAsync(CancellationToken ct = default)
    {
        var list = trustList.GetTrustList();
        using var root = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(list.RootCertificate));
        var signed = await db.Certificates.AsNoTracking().GroupBy(c => c.KeyId).Select(g => new { KeyId = g.Key, Count = g.Count() }).ToListAsync(ct);
        var counts = signed.ToDictionary(s => s.KeyId, s => s.Count, StringComparer.OrdinalIgnoreCase);
        var keys = list.Keys
            .OrderBy(k => k.State == TrustedKey.Active ? 0 : 1)
            .ThenByDescending(k => k.NotBefore)
            .Select(k => new IssuingKeyView(k.KeyId, k.State, k.CompromisedSince, k.NotBefore, k.NotAfter, counts.GetValueOrDefault(k.KeyId)))
            .ToList();
        return new KeyHierarchy(
            list.Issuer,
            list.RootFingerprint,
            new DateTimeOffset(root.NotBefore.ToUniversalTime()),
            new DateTimeOffset(root.NotAfter.ToUniversalTime()),
            location.Store.HasRootKey,
            list.GeneratedAt,
            keys);
    }
}

/// <param name="RootKeyOnThisServer">The root's private key file is present here (development); in production it is kept offline.</param>
public sealed record KeyHierarchy(string Issuer, string RootFingerprint, DateTimeOffset RootNotBefore, DateTimeOffset RootNotAfter, bool RootKeyOnThisServer, DateTimeOffset TrustListGeneratedAt, IReadOnlyList<IssuingKeyView> Keys)
{
    public IssuingKeyView? ActiveKey => Keys.FirstOrDefault(k => k.State == TrustedKey.Active);
}

public sealed record IssuingKeyView(string KeyId, string State, DateTimeOffset? CompromisedSince, DateTimeOffset NotBefore, DateTimeOffset NotAfter, int CertificatesSigned)
{
    public string StateLabel => State switch
    {
        TrustedKey.Active => "Active",
        TrustedKey.Retired => "Retired",
        _ => "Compromised",
    };

    public string StateTag => State switch
    {
        TrustedKey.Active => "ok",
        TrustedKey.Retired => "warn",
        _ => "bad",
    };
}
