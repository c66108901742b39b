using System.Security.Cryptography.X509Certificates;
using SealService.Keys;
using SealVerifier;

namespace SealService.Issuance;

/// <summary>
/// Generates the two W3C Bitstring Status Lists (revocation, suspension) from the database, signed as <c>vc+jwt</c> by the
/// active issuing key. A list is at most <see cref="MaxAge"/> old when served, so a revocation or suspension shows in it
/// within a second; offline verifiers treat a list as fresh until its <c>validUntil</c>.
/// </summary>
public sealed class StatusListPublisher(IServiceScopeFactory scopes, ISealSigner signer, ITrustListSource trustList, PublicUrls urls, TimeProvider time)
{
    /// <summary>How long a generated list is reused before it is built again from the database.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    /// <summary>How long a list stays valid for offline verifiers (its validUntil).</summary>
    public static readonly TimeSpan Validity = TimeSpan.FromDays(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (DateTimeOffset GeneratedAt, string Jws)> _cache = new(StringComparer.Ordinal);

    /// <summary>The stable URL of a list: <c>/status/revocation/1</c> or <c>/status/suspension/1</c>.</summary>
    public string ListUrl(string purpose) => $"{urls.BaseUrl}/status/{purpose}/1";

    public async Task<(string Jws, DateTimeOffset GeneratedAt)> GetAsync(string purpose, CancellationToken ct)
    {
        if (purpose is not (BitstringStatusList.Revocation or BitstringStatusList.Suspension))
        {
            throw new ArgumentOutOfRangeException(nameof(purpose));
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_cache.TryGetValue(purpose, out var cached) && now - cached.GeneratedAt < MaxAge)
            {
                return (cached.Jws, cached.GeneratedAt);
            }
        }

        var state = purpose == BitstringStatusList.Revocation ? CertificateStatus.Revoked : CertificateStatus.Suspended;
        List<string> serials;
        using (var scope = scopes.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            serials = await db.Certificates.AsNoTracking().Where(c => c.Status == state).Select(c => c.Serial).ToListAsync(ct);
        }

        var generatedAt = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        var jws = Sign(BitstringStatusList.Credential(ListUrl(purpose), urls.BaseUrl, purpose, serials.Select(BitstringStatusList.IndexOf), generatedAt, generatedAt + Validity));
        lock (_gate)
        {
            _cache[purpose] = (now, jws);
        }

        return (jws, generatedAt);
    }

    /// <summary>Signs a credential as vc+jwt with the active issuing key (kid, x5c with the issuing certificate and the root).</summary>
    public string Sign(System.Text.Json.Nodes.JsonObject credential) => Sign(signer, trustList.GetTrustList(), signer.CurrentKeyId, credential);

    /// <summary>Signs a credential as vc+jwt with the given key of the given trust list (kid, x5c with the issuing certificate and the root).</summary>
    public static string Sign(ISealSigner signer, TrustList list, string keyId, System.Text.Json.Nodes.JsonObject credential)
    {
        ArgumentNullException.ThrowIfNull(signer);
        ArgumentNullException.ThrowIfNull(list);
        using var issuing = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(list.FindKey(keyId)?.Certificate
            ?? throw new InvalidOperationException($"Key {keyId} is not in the trust list.")));
        using var root = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(list.RootCertificate));
        var input = BitstringStatusList.SigningInput(BitstringStatusList.Header(keyId, issuing, root), credential);
        return BitstringStatusList.Complete(input, signer.SignJose(keyId, System.Text.Encoding.ASCII.GetBytes(input)));
    }
}

public static class StatusListEndpoints
{
    /// <summary><c>GET /status/revocation/1</c> and <c>/status/suspension/1</c>: application/vc+jwt, cached 5 seconds at most, with an ETag.</summary>
    public static IEndpointRouteBuilder MapStatusListEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/status/{purpose}/{list:int}", async (string purpose, int list, StatusListPublisher publisher, HttpContext http, CancellationToken ct) =>
        {
            if (list != 1 || purpose is not (BitstringStatusList.Revocation or BitstringStatusList.Suspension))
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown status list", detail: "The status lists are /status/revocation/1 and /status/suspension/1.");
            }

            var (jws, generatedAt) = await publisher.GetAsync(purpose, ct);
            var etag = "\"" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(jws)))[..32] + "\"";
            http.Response.Headers.CacheControl = "public, max-age=5";
            http.Response.Headers.ETag = etag;
            http.Response.Headers.LastModified = generatedAt.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            return http.Request.Headers.IfNoneMatch == etag
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(System.Text.Encoding.ASCII.GetBytes(jws), "application/vc+jwt");
        })
            .WithSummary("W3C Bitstring Status List (purpose revocation or suspension, list 1) as BitstringStatusListCredential, vc+jwt, ES256")
            .Produces<string>(StatusCodes.Status200OK, "application/vc+jwt")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return endpoints;
    }
}
