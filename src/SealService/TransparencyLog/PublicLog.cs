using SealVerifier.TransparencyLog;

namespace SealService.TransparencyLog;

/// <summary>
/// The published view of the log: the Merkle tree of all committed entries kept in memory (about two hashes per entry,
/// extended incrementally from the database), tiles cut from it, and the signed checkpoint, re-signed only when the
/// tree has grown. Every request first catches up with the database, so a new entry is in the checkpoint at once.
/// </summary>
public sealed class PublicLog(IServiceScopeFactory scopes, LogSigningKey key) : IDisposable
{
    private const int SyncBatch = 1000;
    private readonly SemaphoreSlim _sync = new(1, 1);
    private readonly Lock _treeLock = new();
    private MerkleTree _tree = new();
    private (long Size, string Note)? _checkpoint;

    public LogSigningKey Key => key;

    /// <summary>Reads entries committed since the last call into the tree and returns the tree size.</summary>
    public async Task<long> SyncAsync(CancellationToken ct)
    {
        await _sync.WaitAsync(ct);
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            while (true)
            {
                var from = Size;
                var batch = await db.TransparencyLog.AsNoTracking().Where(r => r.Index >= from).OrderBy(r => r.Index).Take(SyncBatch)
                    .Select(r => new { r.Index, r.Entry }).ToListAsync(ct);
                foreach (var record in batch)
                {
                    if (record.Index != Size)
                    {
                        // Positions are gapless by construction; a gap means the table was edited. Publish nothing past it.
                        throw new InvalidOperationException($"The transparency log table has no entry {Size} (next is {record.Index}).");
                    }

                    var leaf = Merkle.LeafHash(record.Entry);
                    lock (_treeLock)
                    {
                        _tree.AppendLeafHash(leaf);
                    }
                }

                if (batch.Count < SyncBatch)
                {
                    return Size;
                }
            }
        }
        finally
        {
            _sync.Release();
        }
    }

    public long Size
    {
        get
        {
            lock (_treeLock)
            {
                return _tree.Size;
            }
        }
    }

    /// <summary>The signed checkpoint (C2SP tlog-checkpoint as a signed note) of the current tree.</summary>
    public async Task<string> CheckpointAsync(CancellationToken ct)
    {
        var size = await SyncAsync(ct);
        return CheckpointFor(size);
    }

    /// <summary>The signed checkpoint of a tree size this instance has published (cached: Ed25519 signatures are deterministic anyway).</summary>
    public string CheckpointFor(long size)
    {
        lock (_treeLock)
        {
            if (_checkpoint is { } cached && cached.Size == size)
            {
                return cached.Note;
            }

            // The origin is the key's name, fixed when the key was loaded, so text and signature always agree.
            var note = key.Sign(new Checkpoint(key.VerifierKey.Name, size, _tree.RootHash(size)).ToText());
            if (size == _tree.Size)
            {
                _checkpoint = (size, note);
            }

            return note;
        }
    }

    public byte[] RootHash(long size)
    {
        lock (_treeLock)
        {
            return _tree.RootHash(size);
        }
    }

    public IReadOnlyList<byte[]> InclusionProof(long index, long size)
    {
        lock (_treeLock)
        {
            return Merkle.InclusionProof(_tree.Perfect, index, size);
        }
    }

    /// <summary>The bytes of a hash tile, or null when the tree does not (yet) have that many hashes there.</summary>
    public byte[]? HashTile(TileAddress address)
    {
        lock (_treeLock)
        {
            if (address.IsEntries || address.Width > Tiles.WidthAt(address.Level, address.Index, _tree.Size))
            {
                return null;
            }

            var height = address.Level * Tiles.Height;
            var first = address.Index * Tiles.Width;
            var bytes = new byte[address.Width * Merkle.HashSize];
            for (var i = 0; i < address.Width; i++)
            {
                _tree.Perfect(height, first + i).CopyTo(bytes, i * Merkle.HashSize);
            }

            return bytes;
        }
    }

    /// <summary>An entry bundle as stored, or null when the log does not (yet) have those entries.</summary>
    public async Task<byte[]?> EntryBundleAsync(TileAddress address, CancellationToken ct)
    {
        if (!address.IsEntries || address.Width > Tiles.WidthAt(address.Level, address.Index, Size))
        {
            return null;
        }

        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var first = address.Index * Tiles.Width;
        var last = first + address.Width;
        var entries = await db.TransparencyLog.AsNoTracking().Where(r => r.Index >= first && r.Index < last).OrderBy(r => r.Index)
            .Select(r => r.Entry).ToListAsync(ct);
        return entries.Count == address.Width ? Tiles.FormatEntryBundle(entries) : null;
    }

    public void Dispose() => _sync.Dispose();

    /// <summary>Forgets the cached tree, so the next request rebuilds it from the database (after a restore from backup).</summary>
    public void Reset()
    {
        lock (_treeLock)
        {
            _tree = new MerkleTree();
            _checkpoint = null;
        }
    }
}

/// <summary>Finds a seal's issuance entry for the landing page.</summary>
public sealed class LogEntryLookup(AppDbContext db)
{
    public async Task<long?> IssuanceIndexAsync(string serial, CancellationToken ct = default) =>
        await db.TransparencyLog.AsNoTracking().Where(r => r.Serial == serial && r.Type == LogEntries.CertificateIssued)
            .Select(r => (long?)r.Index).FirstOrDefaultAsync(ct);
}
