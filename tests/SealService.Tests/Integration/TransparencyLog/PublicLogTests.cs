using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier.TransparencyLog;
using SealService.Admin;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Integration.Verify;
using SealService.Tests.Support;
using SealService.TransparencyLog;

namespace SealService.Tests.Integration.TransparencyLog;

/// <summary>
/// The public log end to end: seal events land in the log, and a client that reads nothing but the published checkpoint
/// and tiles recomputes every root, proves every entry and checks every pair of checkpoints for consistency.
/// </summary>
public sealed class PublicLogTests : IDisposable
{
    private readonly VerifyFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_client_reading_only_tiles_verifies_every_entry_and_every_pair_of_checkpoints()
    {
        var http = _factory.CreateClient();
        var key = await ReadKeyAsync(http);
        var seen = new List<Checkpoint>();
        async Task SeeAsync()
        {
            var note = await http.GetStringAsync("/log/checkpoint");
            Assert.True(Checkpoint.TryVerify(note, key, out var checkpoint, out var error), error);
            seen.Add(checkpoint);
        }

        var a = await _factory.Issuer.IssueAsync(_factory);
        var b = await _factory.Issuer.IssueAsync(_factory);
        await SeeAsync();
        await SealStatesFixture.ChangeStatusAsync(_factory, a.Serial, StatusChange.Suspend, StatusChangeReason.FeeNotPaid, "Invoice overdue");
        await SeeAsync();
        await _factory.WithScopeAsync(sp => sp.GetRequiredService<CertificateStatusChanges>().ApplyAsync(a.Serial, StatusChange.Reinstate, null, null, Actor.System, null, CancellationToken.None));
        await SeeAsync();
        await SealStatesFixture.ChangeStatusAsync(_factory, b.Serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "Used on another product");
        await SeeAsync();
        // Enough entries to fill the first tile (256) and start a second: full and partial tiles, sizes that are not powers of two.
        await _factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.TransparencyLog.AddRange(Enumerable.Range(0, 300).Select(i => LogEntries.Key(LogEntries.KeyAdded, $"{i:x16}", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)));
            await db.SaveChangesAsync();
        });
        await SeeAsync();
        var c = await _factory.Issuer.IssueAsync(_factory);
        await SeeAsync();

        Assert.Equal([2, 3, 4, 5, 305, 306], seen.Select(s => s.Size));
        var client = new LogClient(http, new Uri(http.BaseAddress!, "/log"));
        var latest = seen[^1];
        var tiles = new Dictionary<TileAddress, byte[]>();
        Assert.Equal(latest.RootHash, await client.WithTilesAsync(latest.Size, s => Merkle.RootHash(s, latest.Size), tiles, CancellationToken.None));

        var entries = new List<byte[]>();
        for (long bundle = 0; bundle * Tiles.Width < latest.Size; bundle++)
        {
            entries.AddRange(Tiles.ParseEntryBundle(await client.GetTileAsync(new TileAddress(TileAddress.EntriesLevel, bundle, Tiles.WidthAt(-1, bundle, latest.Size)), CancellationToken.None)));
        }

        Assert.Equal(latest.Size, entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var index = i;
            var proof = await client.WithTilesAsync(latest.Size, s => Merkle.InclusionProof(s, index, latest.Size), tiles, CancellationToken.None);
            Assert.True(Merkle.VerifyInclusion(Merkle.LeafHash(entries[i]), i, latest.Size, proof, latest.RootHash), $"entry {i}");
        }

        for (var i = 0; i < seen.Count; i++)
        {
            for (var j = i; j < seen.Count; j++)
            {
                var (older, newer) = (seen[i], seen[j]);
                var ownTiles = new Dictionary<TileAddress, byte[]>();
                Assert.Equal(newer.RootHash, await client.WithTilesAsync(newer.Size, s => Merkle.RootHash(s, newer.Size), ownTiles, CancellationToken.None));
                var proof = await client.WithTilesAsync(newer.Size, s => Merkle.ConsistencyProof(s, older.Size, newer.Size), ownTiles, CancellationToken.None);
                Assert.True(Merkle.VerifyConsistency(older.Size, newer.Size, older.RootHash, newer.RootHash, proof), $"{older.Size} -> {newer.Size}");
            }
        }

        var events = entries.Select(e => JsonDocument.Parse(e).RootElement).ToList();
        Assert.Equal(["certificate.issued", "certificate.suspended", "certificate.reinstated"],
            events.Where(e => e.TryGetProperty("serial", out var s) && s.GetString() == a.Serial).Select(e => e.GetProperty("type").GetString()));
        var revoked = events.Single(e => e.GetProperty("type").GetString() == "certificate.revoked");
        Assert.Equal(b.Serial, revoked.GetProperty("serial").GetString());
        Assert.Equal("misuseOfSeal", revoked.GetProperty("reason").GetString());
        Assert.DoesNotContain("Used on another product", Encoding.UTF8.GetString(entries[4]), StringComparison.Ordinal);
        var issued = events[^1];
        Assert.Equal(c.Serial, issued.GetProperty("serial").GetString());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(c.Payload)), issued.GetProperty("payloadSha256").GetString());
        Assert.Equal(1, issued.GetProperty("v").GetInt32());
        // Canonical JSON: what the log stores is exactly the RFC 8785 form.
        Assert.All(entries, e => Assert.Equal(e, SealVerifier.CanonicalJson.Canonicalize(e)));
    }

    [Fact]
    public async Task The_proof_api_returns_each_entry_of_a_seal_with_a_verifying_inclusion_proof()
    {
        var http = _factory.CreateClient();
        var key = await ReadKeyAsync(http);
        var seal = await _factory.Issuer.IssueAsync(_factory);
        await _factory.Issuer.IssueAsync(_factory);
        await SealStatesFixture.ChangeStatusAsync(_factory, seal.Serial, StatusChange.Revoke, StatusChangeReason.HolderRequest, "");

        var json = await http.GetByteArrayAsync($"/api/v1/certificates/{seal.Serial}/log");
        Assert.True(LogProofs.TryVerify(json, key, seal.Serial, out var proven, out var error), error);
        Assert.Equal([(0L, "certificate.issued"), (2L, "certificate.revoked")], proven.Select(p => (p.Index, p.Type)));
        using var document = JsonDocument.Parse(json);
        var first = document.RootElement[0];
        Assert.Equal(3, first.GetProperty("treeSize").GetInt64());
        Assert.Equal(2, first.GetProperty("inclusionProof").GetArrayLength());

        var tampered = Encoding.UTF8.GetString(json).Replace(first.GetProperty("entry").GetString()!, Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"serial\":\"" + seal.Serial + "\"}")), StringComparison.Ordinal);
        Assert.False(LogProofs.TryVerify(Encoding.UTF8.GetBytes(tampered), key, seal.Serial, out _, out error));
        Assert.Contains("inclusion proof does not verify", error, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("/api/v1/certificates/not-a-serial/log")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/v1/certificates/{SealVerifier.Serial.New("SMIG").Value}/log")).StatusCode);
    }

    [Fact]
    public async Task Tiles_are_cacheable_forever_and_the_checkpoint_is_revalidated()
    {
        var http = _factory.CreateClient();
        await _factory.Issuer.IssueAsync(_factory);
        var checkpoint = await http.GetAsync("/log/checkpoint");
        Assert.Equal("no-cache", checkpoint.Headers.CacheControl!.ToString());
        Assert.Equal("text/plain", checkpoint.Content.Headers.ContentType!.MediaType);

        var tile = await http.GetAsync("/log/tile/0/000.p/1");
        Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        Assert.Equal(32, (await tile.Content.ReadAsByteArrayAsync()).Length);
        Assert.Contains("immutable", tile.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromDays(365), tile.Headers.CacheControl.MaxAge);

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/log/tile/0/000.p/1"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Contains("immutable", head.Headers.CacheControl!.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/log/tile/0/000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/log/tile/0/000.p/2")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/log/tile/0/x000/000.p/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/log/tile/entries/000.p/1")).StatusCode);
    }

    [Fact]
    public async Task The_audit_chain_head_is_anchored_with_only_its_hash()
    {
        await _factory.Issuer.IssueAsync(_factory);
        var (index, head, again) = await _factory.WithScopeAsync(async sp =>
        {
            var anchoring = sp.GetRequiredService<AuditAnchoring>();
            await SealStatesFixture.ChangeStatusAsync(_factory, (await sp.GetRequiredService<AppDbContext>().Certificates.FirstAsync()).Serial, StatusChange.Suspend, StatusChangeReason.FeeNotPaid, "");
            var first = await anchoring.AnchorAsync(CancellationToken.None);
            var second = await anchoring.AnchorAsync(CancellationToken.None);
            var db = sp.GetRequiredService<AppDbContext>();
            var last = await db.AuditLog.OrderByDescending(e => e.Sequence).Select(e => e.Hash).FirstAsync();
            return (first, last, second);
        });

        Assert.NotNull(index);
        Assert.Null(again);
        var entry = await _factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().TransparencyLog.SingleAsync(r => r.Index == index));
        Assert.Equal($"{{\"auditHead\":\"{head}\",\"type\":\"audit.anchor\",\"v\":1}}", Encoding.UTF8.GetString(entry.Entry));
    }

    [Fact]
    public async Task The_landing_page_names_the_seals_log_entry_and_the_command_line_tool_proves_it()
    {
        var http = _factory.CreateClient();
        await _factory.Issuer.IssueAsync(_factory);
        var seal = await _factory.Issuer.IssueAsync(_factory);
        var page = await http.GetDocumentAsync(seal.LandingPath);
        var line = page.QuerySelector("#log-entry")!;
        Assert.Equal("Recorded in the public log as entry #1", line.TextContent.Trim());
        Assert.Equal($"/api/v1/certificates/{seal.Serial}/log", line.QuerySelector("a")!.GetAttribute("href"));
        var german = await http.GetDocumentAsync(seal.LandingPath + "?culture=de");
        Assert.Equal("Im öffentlichen Protokoll als Eintrag #1 verzeichnet", german.QuerySelector("#log-entry")!.TextContent.Trim());

        var trustList = Path.Combine(_factory.DataDirectory, "trust-list.json");
        await File.WriteAllBytesAsync(trustList, _factory.Issuer.SignedTrustListJson(http.BaseAddress!.ToString().TrimEnd('/')));
        var key = (await ReadKeyAsync(http)).ToString();
        var (code, output) = await VerifyToolAsync(http, seal.QrUrl, "--trust-list", trustList, "--log", "--log-key", key);
        Assert.True(code == 0, output);
        Assert.Contains("Public log: recorded in seals.example.org/log as entry #1 certificate.issued", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not pinned", output, StringComparison.Ordinal);

        (code, output) = await VerifyToolAsync(http, seal.QrUrl, "--trust-list", trustList, "--log");
        Assert.Equal(0, code);
        Assert.Contains("not pinned", output, StringComparison.Ordinal);

        // The detached payload and signature: the issuance entry must carry this payload's hash.
        var payloadFile = Path.Combine(_factory.DataDirectory, "payload.json");
        var signatureFile = Path.Combine(_factory.DataDirectory, "signature.der");
        await File.WriteAllBytesAsync(payloadFile, seal.Payload);
        await File.WriteAllBytesAsync(signatureFile, seal.Signature);
        (code, output) = await VerifyToolAsync(http, payloadFile, signatureFile, "--trust-list", trustList, "--log-key", key);
        Assert.True(code == 0, output);
        Assert.Contains("entry #1 certificate.issued", output, StringComparison.Ordinal);
        await _factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var record = await db.TransparencyLog.AsNoTracking().SingleAsync(r => r.Index == 1);
            var other = Encoding.UTF8.GetString(record.Entry).Replace(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(seal.Payload)), new string('0', 64), StringComparison.Ordinal);
            await db.Database.ExecuteSqlAsync($"UPDATE TransparencyLog SET Entry = {Encoding.UTF8.GetBytes(other)} WHERE \"Index\" = 1");
        });
        _factory.Services.GetRequiredService<PublicLog>().Reset();
        (code, output) = await VerifyToolAsync(http, payloadFile, signatureFile, "--trust-list", trustList, "--log-key", key);
        Assert.Equal(1, code);
        Assert.Contains("logged the issuance of a different payload", output, StringComparison.Ordinal);

        var otherKey = new NoteVerifierKey("seals.example.org/log", SignedNote.PublicKeyOf(new byte[32])).ToString();
        (code, output) = await VerifyToolAsync(http, seal.QrUrl, "--trust-list", trustList, "--log-key", otherKey);
        Assert.Equal(1, code);
        Assert.Contains("Public log: NOT VERIFIED", output, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output)> VerifyToolAsync(HttpClient http, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await SealVerifier.Cli.CliApp.RunAsync(["verify", .. args], stdout, stderr, http, _factory.Time);
        return (code, stdout + stderr.ToString());
    }

    internal static async Task<NoteVerifierKey> ReadKeyAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/log/key");
        Assert.True(NoteVerifierKey.TryParse(text, out var key, out var error), error);
        Assert.Equal("seals.example.org/log", key.Name);
        return key;
    }
}
