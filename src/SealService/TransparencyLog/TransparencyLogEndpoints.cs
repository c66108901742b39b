
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using SealVerifier;
using SealVerifier.TransparencyLog;

namespace SealService.TransparencyLog;

/// <summary>
/// The log as static files in the C2SP tlog-tiles layout under /log (a CDN can serve all of it) and the per-seal proof
/// API. Tiles never change once written (long cache lifetime); the checkpoint is revalidated on every request.
/// </summary>
public static class TransparencyLogEndpoints
{
    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";
    public const string CheckpointCacheControl = "no-cache";

    public static IEndpointRouteBuilder MapTransparencyLogEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var log = endpoints.MapGroup("/log").WithTags("Transparency log");
        // HEAD too: CDNs and mirrors revalidate with it.
        log.MapMethods("/checkpoint", [HttpMethods.Get, HttpMethods.Head], GetCheckpointAsync).WithName("GetLogCheckpoint").WithSummary("The signed checkpoint (C2SP tlog-checkpoint, signed note)");
        log.MapGet("/key", GetKey).WithName("GetLogKey").WithSummary("The log's verifier key (C2SP signed-note vkey)");
        log.MapMethods("/tile/{**path}", [HttpMethods.Get, HttpMethods.Head], GetTileAsync).WithName("GetLogTile").WithSummary("A hash tile or entry bundle (C2SP tlog-tiles)");
        endpoints.MapGet("/api/v1/certificates/{serial}/log", GetProofsAsync)
            .WithTags("Public verification")
            .WithName("GetCertificateLogProofs")
            .WithSummary("Every transparency log entry of a certificate with its inclusion proof and the signed checkpoint")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            // The proofs grow with the log and show status events: revalidated on every use.
            .CacheAsLiveStatus();
        return endpoints;
    }

    private static async Task<IResult> GetCheckpointAsync(PublicLog log, HttpContext context, CancellationToken ct)
    {
        var note = await log.CheckpointAsync(ct);
        context.Response.Headers.CacheControl = CheckpointCacheControl;
        return Results.Text(note, "text/plain; charset=utf-8", Encoding.UTF8);
    }

    private static IResult GetKey(PublicLog log, HttpContext context)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Text(log.Key.VerifierKey + "\n", "text/plain; charset=utf-8", Encoding.UTF8);
    }

    private static async Task<IResult> GetTileAsync(string path, PublicLog log, HttpContext context, CancellationToken ct)
    {
        if (!Tiles.TryParse(path, out var address))
        {
            return Results.Problem(title: "Not a tile", detail: "Tile paths look like tile/0/x001/234, tile/1/005.p/17 or tile/entries/005 (C2SP tlog-tiles).", statusCode: StatusCodes.Status404NotFound);
        }

        await log.SyncAsync(ct);
        var bytes = address.IsEntries ? await log.EntryBundleAsync(address, ct) : log.HashTile(address);
        if (bytes is null)
        {
            context.Response.Headers.CacheControl = CheckpointCacheControl;
            return Results.Problem(title: "No such tile yet", detail: $"The log does not have {address} yet.", statusCode: StatusCodes.Status404NotFound);
        }

        // A tile's content is fixed by its path (a partial tile of width W holds the first W hashes forever).
        context.Response.Headers.CacheControl = ImmutableCacheControl;
        return Results.Bytes(bytes, "application/octet-stream");
    }

    private static async Task<Results<Ok<List<LogProofResponse>>, ProblemHttpResult>> GetProofsAsync(string serial, PublicLog log, AppDbContext db, HttpContext context, CancellationToken ct)
    {
        if (!Serial.TryParse(serial, out var parsed))
        {
            return TypedResults.Problem(title: "Not a seal serial", detail: "That is not a valid seal serial (such as SMIG-7K3Q-9XWD-C).", statusCode: StatusCodes.Status400BadRequest);
        }

        var size = await log.SyncAsync(ct);
        var records = await db.TransparencyLog.AsNoTracking().Where(r => r.Serial == parsed.Value && r.Index >= 0 && r.Index < size)
            .OrderBy(r => r.Index).Select(r => new { r.Index, r.Entry }).ToListAsync(ct);
        if (records.Count == 0)
        {
            return TypedResults.Problem(title: "Not in the log", detail: $"The transparency log has no entry for {parsed.Value}.", statusCode: StatusCodes.Status404NotFound);
        }

        var checkpoint = log.CheckpointFor(size);
        var root = Convert.ToBase64String(log.RootHash(size));
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Ok(records.Select(r => new LogProofResponse
        {
            Index = r.Index,
            TreeSize = size,
            RootHash = root,
            InclusionProof = log.InclusionProof(r.Index, size).Select(Convert.ToBase64String).ToList(),
            Entry = Convert.ToBase64String(r.Entry),
            Checkpoint = checkpoint,
        }).ToList());
    }
}

/// <summary>One log entry of a certificate with the proof that it is in the tree of the signed checkpoint.</summary>
public sealed record LogProofResponse
{
    /// <summary>The entry's leaf index.</summary>
    public required long Index { get; init; }

    /// <summary>The tree size of <see cref="Checkpoint"/>.</summary>
    public required long TreeSize { get; init; }

    /// <summary>Base64 root hash of that tree.</summary>
    public required string RootHash { get; init; }

    /// <summary>Base64 hashes of the RFC 9162 inclusion proof (audit path), leaf side first.</summary>
    public required IReadOnlyList<string> InclusionProof { get; init; }

    /// <summary>Base64 of the exact entry bytes (canonical JSON); its leaf hash is SHA-256(0x00 || entry).</summary>
    public required string Entry { get; init; }

    /// <summary>The signed checkpoint text (C2SP signed note).</summary>
    public required string Checkpoint { get; init; }
}
