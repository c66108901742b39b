using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SealVerifier.TransparencyLog;

/// <summary>What a monitor remembers between runs: the last checkpoint it verified.</summary>
/// <param name="Origin">The log's origin.</param>
/// <param name="Size">The tree size.</param>
/// <param name="RootHash">Base64 root hash.</param>
/// <param name="Checkpoint">The signed checkpoint text (evidence, if the log ever contradicts it).</param>
public sealed record MonitorState(string Origin, long Size, string RootHash, string Checkpoint)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Reads a state file; null when it does not exist.</summary>
    /// <param name="path">The file.</param>
    /// <returns>The state.</returns>
    public static MonitorState? Load(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var info = new FileInfo(path);
        if (info.Length > 1024 * 1024)
        {
            throw new FormatException($"{path} is too large to be a monitor state file.");
        }

        try
        {
            var state = JsonSerializer.Deserialize<MonitorState>(BoundedRead.File(path, 1024 * 1024), Json);
            if (state is null || string.IsNullOrEmpty(state.Origin) || state.Size < 0 || Convert.FromBase64String(state.RootHash).Length != Merkle.HashSize)
            {
                throw new FormatException($"{path} is not a monitor state file.");
            }

            return state;
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path} is not a monitor state file: {ex.Message}", ex);
        }
    }

    /// <summary>Writes the state atomically (a crash leaves the old or the new state, never half of one).</summary>
    /// <param name="path">The file.</param>
    public void Save(string path)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(this, Json));
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>A new entry the monitor saw.</summary>
/// <param name="Index">Its leaf index.</param>
/// <param name="Entry">Its bytes.</param>
public sealed record MonitoredEntry(long Index, byte[] Entry)
{
    /// <summary>The entry as text (entries are UTF-8 canonical JSON).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => Encoding.UTF8.GetString(Entry);
}

/// <summary>The outcome of one monitor run.</summary>
/// <param name="Ok">Whether the log is consistent with everything seen before.</param>
/// <param name="Problem">What is wrong (a fork, a rewrite, a bad signature); empty when ok.</param>
/// <param name="Entries">The entries added since the last run (when ok).</param>
/// <param name="State">The new state to save (when ok).</param>
public sealed record MonitorResult(bool Ok, string Problem, IReadOnlyList<MonitoredEntry> Entries, MonitorState? State);

/// <summary>
/// Follows a log as a monitor or witness: verifies the new checkpoint's signature, that the public tiles hash to its root,
/// that it is consistent with the last checkpoint seen (RFC 9162 consistency proof computed from the tiles) and that every
/// new entry matches its leaf hash; then returns the new entries.
/// </summary>
public static class LogMonitor
{
    /// <summary>Checks the log once.</summary>
    /// <param name="client">The log client.</param>
    /// <param name="key">The log's verifier key, obtained out of band.</param>
    /// <param name="last">The state of the previous run; null on the first run.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The result.</returns>
    /// <exception cref="LogUnavailableException">The log could not be read.</exception>
    public static async Task<MonitorResult> CheckAsync(LogClient client, NoteVerifierKey key, MonitorState? last, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(key);
        var note = await client.GetCheckpointAsync(ct);
        if (!Checkpoint.TryVerify(note, key, out var checkpoint, out var error))
        {
            return Fail(error);
        }

        var oldSize = 0L;
        byte[] oldRoot = Merkle.EmptyTreeHash();
        if (last is not null)
        {
            if (last.Origin != key.Name)
            {
                return Fail($"the state file belongs to log \"{last.Origin}\", not \"{key.Name}\"");
            }

            oldSize = last.Size;
            oldRoot = Convert.FromBase64String(last.RootHash);
            if (checkpoint.Size < oldSize)
            {
                return Fail($"REWRITE: the log shrank from {oldSize} to {checkpoint.Size} entries; a log may only grow. Keep both checkpoints as evidence:\n{last.Checkpoint}\n{note}");
            }

            if (checkpoint.Size == oldSize && !CryptographicOperations.FixedTimeEquals(checkpoint.RootHash, oldRoot))
            {
                return Fail($"FORK: two signed checkpoints for size {oldSize} with different root hashes. Keep both as evidence:\n{last.Checkpoint}\n{note}");
            }
        }

        var tiles = new Dictionary<TileAddress, byte[]>();
        var size = checkpoint.Size;
        var root = await client.WithTilesAsync(size, source => Merkle.RootHash(source, size), tiles, ct);
        if (!CryptographicOperations.FixedTimeEquals(root, checkpoint.RootHash))
        {
            return Fail($"the log's tiles do not hash to the root of its signed checkpoint (size {size}): the served tree was altered");
        }

        if (oldSize > 0 && oldSize < size)
        {
            var proof = await client.WithTilesAsync(size, source => Merkle.ConsistencyProof(source, oldSize, size), tiles, ct);
            if (!Merkle.VerifyConsistency(oldSize, size, oldRoot, checkpoint.RootHash, proof))
            {
                return Fail($"FORK OR REWRITE: the checkpoint of size {size} is not consistent with the one of size {oldSize} seen before; the log's history was changed. Keep both as evidence:\n{last!.Checkpoint}\n{note}");
            }
        }

        var entries = new List<MonitoredEntry>();
        for (var bundle = oldSize / Tiles.Width; bundle * Tiles.Width < size; bundle++)
        {
            var width = Tiles.WidthAt(TileAddress.EntriesLevel, bundle, size);
            var bytes = await client.GetTileAsync(new TileAddress(TileAddress.EntriesLevel, bundle, width), ct);
            IReadOnlyList<byte[]> items;
            try
            {
                items = Tiles.ParseEntryBundle(bytes);
            }
            catch (FormatException ex)
            {
                return Fail($"entry bundle {bundle} is malformed: {ex.Message}");
            }

            if (items.Count != width)
            {
                return Fail($"entry bundle {bundle} holds {items.Count} entries instead of {width}");
            }

            for (var i = 0; i < width; i++)
            {
                var index = (bundle * Tiles.Width) + i;
                if (index < oldSize)
                {
                    continue;
                }

                var leaf = await client.WithTilesAsync(size, source => source(0, index), tiles, ct);
                if (!CryptographicOperations.FixedTimeEquals(leaf, Merkle.LeafHash(items[i])))
                {
                    return Fail($"TAMPERED: entry #{index} as served does not match its leaf hash in the signed tree; a stored entry was altered");
                }

                entries.Add(new MonitoredEntry(index, items[i]));
            }
        }

        return new MonitorResult(true, "", entries, new MonitorState(checkpoint.Origin, size, Convert.ToBase64String(checkpoint.RootHash), note));
    }

    private static MonitorResult Fail(string problem) => new(false, problem, [], null);
}

/// <summary>Checks the answer of <c>GET /api/v1/certificates/{serial}/log</c>.</summary>
public static class LogProofs
{
    /// <summary>One proven entry.</summary>
    /// <param name="Index">Leaf index.</param>
    /// <param name="Type">The entry's type.</param>
    /// <param name="TreeSize">The checkpoint's size.</param>
    public sealed record ProvenEntry(long Index, string Type, long TreeSize);

    /// <summary>Verifies every entry's inclusion proof against the signed checkpoint and that the entries are about <paramref name="serial"/>, including its issuance.</summary>
    /// <param name="json">The API response.</param>
    /// <param name="key">The log's verifier key.</param>
    /// <param name="serial">The seal serial.</param>
    /// <param name="entries">The proven entries.</param>
    /// <param name="error">Why it failed.</param>
    /// <param name="payload">The signed payload, when the caller has it: the issuance entry must name its SHA-256.</param>
    /// <returns>Whether everything checked out.</returns>
    public static bool TryVerify(byte[] json, NoteVerifierKey key, string serial, out IReadOnlyList<ProvenEntry> entries, out string error, byte[]? payload = null)
    {
        var payloadHash = payload is null ? null : Convert.ToHexStringLower(SHA256.HashData(payload));
        ArgumentNullException.ThrowIfNull(key);
        var proven = new List<ProvenEntry>();
        entries = proven;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
            {
                error = "the service returned no log entries for this seal";
                return false;
            }

            foreach (var item in document.RootElement.EnumerateArray())
            {
                var index = item.GetProperty("index").GetInt64();
                var size = item.GetProperty("treeSize").GetInt64();
                var root = Convert.FromBase64String(item.GetProperty("rootHash").GetString() ?? "");
                var proof = item.GetProperty("inclusionProof").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString() ?? "")).ToList();
                var entry = Convert.FromBase64String(item.GetProperty("entry").GetString() ?? "");
                if (!Checkpoint.TryVerify(item.GetProperty("checkpoint").GetString(), key, out var checkpoint, out error))
                {
                    return false;
                }

                if (checkpoint.Size != size || !checkpoint.RootHash.AsSpan().SequenceEqual(root))
                {
                    error = $"entry #{index}: the proof is for another tree than the signed checkpoint";
                    return false;
                }

                if (!Merkle.VerifyInclusion(Merkle.LeafHash(entry), index, size, proof, root))
                {
                    error = $"entry #{index}: the inclusion proof does not verify";
                    return false;
                }

                using var content = JsonDocument.Parse(entry);
                if (content.RootElement.GetProperty("serial").GetString() != serial)
                {
                    error = $"entry #{index} is about another seal";
                    return false;
                }

                var type = content.RootElement.GetProperty("type").GetString() ?? "";
                if (payloadHash is not null && type == "certificate.issued" && content.RootElement.GetProperty("payloadSha256").GetString() != payloadHash)
                {
                    error = $"entry #{index} logged the issuance of a different payload than the one verified";
                    return false;
                }

                proven.Add(new ProvenEntry(index, type, size));
            }
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            error = "the log answer is malformed: " + ex.Message;
            return false;
        }

        if (!proven.Any(e => e.Type == "certificate.issued"))
        {
            error = "the log has no issuance entry for this seal";
            return false;
        }

        error = "";
        return true;
    }
}
