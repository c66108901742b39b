using System.Buffers.Binary;
using System.Globalization;

namespace SealVerifier.TransparencyLog;

/// <summary>A tile address in the C2SP tlog-tiles layout: <c>tile/&lt;L&gt;/&lt;N&gt;[.p/&lt;W&gt;]</c> or <c>tile/entries/&lt;N&gt;[.p/&lt;W&gt;]</c>.</summary>
/// <param name="Level">Tile level (hash tiles); -1 for an entry bundle.</param>
/// <param name="Index">Tile index N.</param>
/// <param name="Width">Number of hashes (or entries) in the tile, 1 to 256; 256 is a full tile.</param>
public readonly record struct TileAddress(int Level, long Index, int Width)
{
    /// <summary>The level value used for entry bundles.</summary>
    public const int EntriesLevel = -1;

    /// <summary>Whether this is an entry bundle rather than a hash tile.</summary>
    public bool IsEntries => Level == EntriesLevel;

    /// <summary>Whether the tile is full (never changes again).</summary>
    public bool IsFull => Width == Tiles.Width;

    /// <summary>The path below the log's prefix, e.g. <c>tile/0/x001/234.p/7</c>.</summary>
    /// <returns>The path.</returns>
    public override string ToString() =>
        "tile/" + (IsEntries ? "entries" : Level.ToString(CultureInfo.InvariantCulture)) + "/" + Tiles.EncodeIndex(Index)
        + (IsFull ? "" : ".p/" + Width.ToString(CultureInfo.InvariantCulture));
}

/// <summary>The C2SP tlog-tiles layout with tile height 8 (256 hashes or entries per tile).</summary>
public static class Tiles
{
    /// <summary>Tile height: each tile level spans 8 levels of the binary tree.</summary>
    public const int Height = 8;

    /// <summary>Hashes (or entries) in a full tile.</summary>
    public const int Width = 1 << Height;

    /// <summary>Longest entry an entry bundle can hold (uint16 length prefix).</summary>
    public const int MaxEntrySize = ushort.MaxValue;

    /// <summary>Encodes a tile index as three-digit path elements, all but the last prefixed with x (1234067 → x001/x234/067).</summary>
    /// <param name="index">The tile index.</param>
    /// <returns>The path elements.</returns>
    public static string EncodeIndex(long index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var text = index.ToString("D3", CultureInfo.InvariantCulture);
        var padded = text.PadLeft((text.Length + 2) / 3 * 3, '0');
        var groups = Enumerable.Range(0, padded.Length / 3).Select(i => padded.Substring(i * 3, 3)).ToList();
        return string.Join('/', groups.Select((g, i) => i < groups.Count - 1 ? "x" + g : g));
    }

    /// <summary>Parses a path below <c>tile/</c>, such as <c>0/x001/234.p/7</c> or <c>entries/005</c>; only the canonical spelling is accepted.</summary>
    /// <param name="path">The path after <c>tile/</c>.</param>
    /// <param name="address">The tile address.</param>
    /// <returns>Whether the path is a valid tile path.</returns>
    public static bool TryParse(string? path, out TileAddress address)
    {
        address = default;
        if (string.IsNullOrEmpty(path) || path.Length > 100)
        {
            return false;
        }

        var parts = path.Split('/');
        if (parts.Length < 2)
        {
            return false;
        }

        int level;
        if (parts[0] == "entries")
        {
            level = TileAddress.EntriesLevel;
        }
        else if (parts[0].Length is >= 1 and <= 2 && parts[0].All(char.IsAsciiDigit) && (parts[0].Length == 1 || parts[0][0] != '0'))
        {
            level = int.Parse(parts[0], CultureInfo.InvariantCulture);
            if (level > 7)
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        var width = Width;
        var indexParts = parts.Skip(1).ToList();
        if (indexParts.Count >= 2 && indexParts[^2].EndsWith(".p", StringComparison.Ordinal))
        {
            var w = indexParts[^1];
            if (w.Length is < 1 or > 3 || !w.All(char.IsAsciiDigit) || w[0] == '0')
            {
                return false;
            }

            width = int.Parse(w, CultureInfo.InvariantCulture);
            if (width >= Width)
            {
                return false;
            }

            indexParts = [.. indexParts.Take(indexParts.Count - 2), indexParts[^2][..^2]];
        }

        if (indexParts.Count is < 1 or > 6)
        {
            return false;
        }

        long index = 0;
        for (var i = 0; i < indexParts.Count; i++)
        {
            var part = indexParts[i];
            var last = i == indexParts.Count - 1;
            if (!last)
            {
                if (!part.StartsWith('x'))
                {
                    return false;
                }

                part = part[1..];
            }

            if (part.Length != 3 || !part.All(char.IsAsciiDigit))
            {
                return false;
            }

            index = (index * 1000) + int.Parse(part, CultureInfo.InvariantCulture);
        }

        address = new TileAddress(level, index, width);
        return EncodeIndex(index) == string.Join('/', indexParts.Select((p, i) => i < indexParts.Count - 1 ? p : p));
    }

    /// <summary>The width of tile <paramref name="index"/> at <paramref name="level"/> in a tree of <paramref name="treeSize"/> leaves (0 if it does not exist yet).</summary>
    /// <param name="level">Tile level (<see cref="TileAddress.EntriesLevel"/> counts like level 0).</param>
    /// <param name="index">Tile index.</param>
    /// <param name="treeSize">Tree size.</param>
    /// <returns>Between 0 and 256.</returns>
    public static int WidthAt(int level, long index, long treeSize)
    {
        var shift = Height * Math.Max(level, 0);
        var count = shift >= 63 ? 0 : treeSize >> shift;
        var remaining = count - (index * Width);
        return remaining <= 0 ? 0 : (int)Math.Min(Width, remaining);
    }

    /// <summary>Splits an entry bundle into its entries (each a big-endian uint16 length followed by the bytes).</summary>
    /// <param name="bundle">The bundle bytes.</param>
    /// <returns>The entries.</returns>
    /// <exception cref="FormatException">The bundle is truncated.</exception>
    public static IReadOnlyList<byte[]> ParseEntryBundle(ReadOnlySpan<byte> bundle)
    {
        var entries = new List<byte[]>();
        while (bundle.Length > 0)
        {
            if (bundle.Length < 2)
            {
                throw new FormatException("The entry bundle ends inside a length prefix.");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(bundle);
            if (bundle.Length < 2 + length)
            {
                throw new FormatException("The entry bundle ends inside an entry.");
            }

            entries.Add(bundle.Slice(2, length).ToArray());
            bundle = bundle[(2 + length)..];
        }

        return entries;
    }

    /// <summary>Writes an entry bundle.</summary>
    /// <param name="entries">The entries, each at most 65535 bytes.</param>
    /// <returns>The bundle bytes.</returns>
    public static byte[] FormatEntryBundle(IEnumerable<byte[]> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var buffer = new MemoryStream();
        Span<byte> prefix = stackalloc byte[2];
        foreach (var entry in entries)
        {
            if (entry.Length > MaxEntrySize)
            {
                throw new ArgumentException("An entry is longer than 65535 bytes.", nameof(entries));
            }

            BinaryPrimitives.WriteUInt16BigEndian(prefix, (ushort)entry.Length);
            buffer.Write(prefix);
            buffer.Write(entry);
        }

        return buffer.ToArray();
    }

    /// <summary>Perfect subtree hashes read from hash tiles: height h = 8 L + r is computed from 2^r hashes of a level-L tile.</summary>
    /// <param name="treeSize">The tree size the tiles belong to (sets the widths of partial tiles).</param>
    /// <param name="readTile">Returns the bytes of a hash tile (n × 32 bytes).</param>
    /// <returns>A hash source for <see cref="Merkle"/>.</returns>
    public static PerfectSubtreeHash HashSource(long treeSize, Func<TileAddress, byte[]> readTile)
    {
        ArgumentNullException.ThrowIfNull(readTile);
        var cache = new Dictionary<TileAddress, byte[]>();
        return (height, index) =>
        {
            var level = height / Height;
            var r = height % Height;
            var first = index << r;
            var count = 1 << r;
            var tileIndex = first / Width;
            var width = WidthAt(level, tileIndex, treeSize);
            var offset = (int)(first % Width);
            if (offset + count > width)
            {
                throw new InvalidOperationException($"No complete subtree of height {height} at {index} in a tree of {treeSize} leaves.");
            }

            var address = new TileAddress(level, tileIndex, width);
            if (!cache.TryGetValue(address, out var tile))
            {
                tile = readTile(address);
                if (tile.Length != width * Merkle.HashSize)
                {
                    throw new FormatException($"{address} has {tile.Length} bytes; expected {width * Merkle.HashSize}.");
                }

                cache[address] = tile;
            }

            var hashes = Enumerable.Range(offset, count).Select(i => tile.AsSpan(i * Merkle.HashSize, Merkle.HashSize).ToArray()).ToList();
            while (hashes.Count > 1)
            {
                hashes = Enumerable.Range(0, hashes.Count / 2).Select(i => Merkle.NodeHash(hashes[2 * i], hashes[(2 * i) + 1])).ToList();
            }

            return hashes[0];
        };
    }
}
