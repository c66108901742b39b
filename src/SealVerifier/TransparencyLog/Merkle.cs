using System.Numerics;
using System.Security.Cryptography;

namespace SealVerifier.TransparencyLog;

/// <summary>
/// Returns the hash of the perfect subtree of height <paramref name="height"/> (2^height leaves) at position
/// <paramref name="index"/> among the subtrees of that height, i.e. the subtree over leaves
/// [index * 2^height, (index + 1) * 2^height).
/// </summary>
/// <param name="height">0 for leaf hashes.</param>
/// <param name="index">The subtree's position at that height.</param>
/// <returns>The 32-byte hash.</returns>
public delegate byte[] PerfectSubtreeHash(int height, long index);

/// <summary>
/// The Merkle tree of RFC 6962 / RFC 9162 section 2.1 (the hashing of Certificate Transparency, Go's checksum database,
/// Sigsum and the C2SP tlog specifications): proofs are built from any source of perfect-subtree hashes (an in-memory
/// tree, or tiles downloaded from a log) and verified with the RFC 9162 algorithms.
/// </summary>
public static class Merkle
{
    /// <summary>Size of a SHA-256 hash.</summary>
    public const int HashSize = 32;

    /// <summary>MTH({}) = SHA-256 of the empty string.</summary>
    public static byte[] EmptyTreeHash() => SHA256.HashData([]);

    /// <summary>MTH({d}) = SHA-256(0x00 || d).</summary>
    /// <param name="entry">The entry bytes.</param>
    /// <returns>The leaf hash.</returns>
    public static byte[] LeafHash(ReadOnlySpan<byte> entry)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData([0x00]);
        sha.AppendData(entry);
        return sha.GetHashAndReset();
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    /// <param name="left">Left child hash.</param>
    /// <param name="right">Right child hash.</param>
    /// <returns>The interior node hash.</returns>
    public static byte[] NodeHash(ReadOnlySpan<byte> left, ReadOnlySpan<byte> right)
    {
        Span<byte> buffer = stackalloc byte[1 + HashSize + HashSize];
        if (left.Length != HashSize || right.Length != HashSize)
        {
            throw new ArgumentException("Node children must be 32-byte hashes.");
        }

        buffer[0] = 0x01;
        left.CopyTo(buffer[1..]);
        right.CopyTo(buffer[(1 + HashSize)..]);
        return SHA256.HashData(buffer);
    }

    /// <summary>The root hash of the tree of the first <paramref name="size"/> leaves.</summary>
    /// <param name="source">Perfect subtree hashes of a tree at least this large.</param>
    /// <param name="size">The tree size.</param>
    /// <returns>MTH(D[0:size]).</returns>
    public static byte[] RootHash(PerfectSubtreeHash source, long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        return size == 0 ? EmptyTreeHash() : SubtreeHash(source, 0, size);
    }

    /// <summary>MTH(D[start:end]) for a range that occurs in the RFC 9162 recursion (start aligned to a power of two at least as large as the range's left part).</summary>
    /// <param name="source">Perfect subtree hashes.</param>
    /// <param name="start">First leaf.</param>
    /// <param name="end">One past the last leaf.</param>
    /// <returns>The subtree hash.</returns>
    public static byte[] SubtreeHash(PerfectSubtreeHash source, long start, long end)
    {
        ArgumentNullException.ThrowIfNull(source);
        var n = end - start;
        if (n <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(end), "The range is empty.");
        }

        if (BitOperations.IsPow2(n) && start % n == 0)
        {
            var height = BitOperations.Log2((ulong)n);
            return source(height, start >> height);
        }

        var k = LargestPowerOfTwoBelow(n);
        return NodeHash(SubtreeHash(source, start, start + k), SubtreeHash(source, start + k, end));
    }

    /// <summary>The audit path PATH(index, D[0:size]) of RFC 6962 section 2.1.1, in RFC 9162 order (leaf side first).</summary>
    /// <param name="source">Perfect subtree hashes.</param>
    /// <param name="index">The leaf index.</param>
    /// <param name="size">The tree size.</param>
    /// <returns>The inclusion proof.</returns>
    public static IReadOnlyList<byte[]> InclusionProof(PerfectSubtreeHash source, long index, long size)
    {
        if (index < 0 || index >= size)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"Leaf {index} is not in a tree of size {size}.");
        }

        var proof = new List<byte[]>();
        Path(source, index, 0, size, proof);
        return proof;
    }

    private static void Path(PerfectSubtreeHash source, long m, long start, long end, List<byte[]> proof)
    {
        var n = end - start;
        if (n <= 1)
        {
            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m < k)
        {
            Path(source, m, start, start + k, proof);
            proof.Add(SubtreeHash(source, start + k, end));
        }
        else
        {
            Path(source, m - k, start + k, end, proof);
            proof.Add(SubtreeHash(source, start, start + k));
        }
    }

    /// <summary>The consistency proof PROOF(oldSize, D[0:newSize]) of RFC 6962 section 2.1.2.</summary>
    /// <param name="source">Perfect subtree hashes of the larger tree.</param>
    /// <param name="oldSize">The earlier tree size (0 &lt; oldSize &lt;= newSize).</param>
    /// <param name="newSize">The later tree size.</param>
    /// <returns>The consistency proof (empty when the sizes are equal).</returns>
    public static IReadOnlyList<byte[]> ConsistencyProof(PerfectSubtreeHash source, long oldSize, long newSize)
    {
        if (oldSize <= 0 || oldSize > newSize)
        {
            throw new ArgumentOutOfRangeException(nameof(oldSize), $"No consistency proof from size {oldSize} to {newSize}.");
        }

        var proof = new List<byte[]>();
        SubProof(source, oldSize, 0, newSize, true, proof);
        return proof;
    }

    private static void SubProof(PerfectSubtreeHash source, long m, long start, long end, bool complete, List<byte[]> proof)
    {
        var n = end - start;
        if (m == n)
        {
            if (!complete)
            {
                proof.Add(SubtreeHash(source, start, end));
            }

            return;
        }

        var k = LargestPowerOfTwoBelow(n);
        if (m <= k)
        {
            SubProof(source, m, start, start + k, complete, proof);
            proof.Add(SubtreeHash(source, start + k, end));
        }
        else
        {
            SubProof(source, m - k, start + k, end, false, proof);
            proof.Add(SubtreeHash(source, start, start + k));
        }
    }

    /// <summary>Verifies an inclusion proof with the algorithm of RFC 9162 section 2.1.3.2.</summary>
    /// <param name="leafHash">The leaf's hash (<see cref="LeafHash"/> of the entry).</param>
    /// <param name="index">The leaf index.</param>
    /// <param name="size">The tree size.</param>
    /// <param name="proof">The audit path.</param>
    /// <param name="rootHash">The expected root hash.</param>
    /// <returns>Whether the proof shows the leaf at that index in the tree with that root.</returns>
    public static bool VerifyInclusion(ReadOnlySpan<byte> leafHash, long index, long size, IReadOnlyList<byte[]> proof, ReadOnlySpan<byte> rootHash)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (index < 0 || index >= size || leafHash.Length != HashSize)
        {
            return false;
        }

        var fn = index;
        var sn = size - 1;
        var r = leafHash.ToArray();
        foreach (var p in proof)
        {
            if (sn == 0 || p is not { Length: HashSize })
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                r = NodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                r = NodeHash(r, p);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(r, rootHash);
    }

    /// <summary>Verifies a consistency proof with the algorithm of RFC 9162 section 2.1.4.2.</summary>
    /// <param name="oldSize">The earlier tree size.</param>
    /// <param name="newSize">The later tree size.</param>
    /// <param name="oldRoot">The earlier root hash.</param>
    /// <param name="newRoot">The later root hash.</param>
    /// <param name="proof">The consistency proof.</param>
    /// <returns>Whether the later tree extends the earlier one.</returns>
    public static bool VerifyConsistency(long oldSize, long newSize, ReadOnlySpan<byte> oldRoot, ReadOnlySpan<byte> newRoot, IReadOnlyList<byte[]> proof)
    {
        ArgumentNullException.ThrowIfNull(proof);
        if (oldSize < 0 || oldSize > newSize)
        {
            return false;
        }

        if (oldSize == newSize)
        {
            return proof.Count == 0 && oldRoot.SequenceEqual(newRoot);
        }

        if (oldSize == 0)
        {
            // Every tree extends the empty tree.
            return proof.Count == 0;
        }

        if (proof.Count == 0 || proof.Any(p => p is not { Length: HashSize }))
        {
            return false;
        }

        var path = new List<byte[]>(proof);
        if (BitOperations.IsPow2(oldSize))
        {
            path.Insert(0, oldRoot.ToArray());
        }

        var fn = oldSize - 1;
        var sn = newSize - 1;
        while ((fn & 1) == 1)
        {
            fn >>= 1;
            sn >>= 1;
        }

        var fr = path[0];
        var sr = path[0];
        foreach (var c in path.Skip(1))
        {
            if (sn == 0)
            {
                return false;
            }

            if ((fn & 1) == 1 || fn == sn)
            {
                fr = NodeHash(c, fr);
                sr = NodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0)
                {
                    fn >>= 1;
                    sn >>= 1;
                }
            }
            else
            {
                sr = NodeHash(sr, c);
            }

            fn >>= 1;
            sn >>= 1;
        }

        return sn == 0 && CryptographicOperations.FixedTimeEquals(fr, oldRoot) && CryptographicOperations.FixedTimeEquals(sr, newRoot);
    }

    /// <summary>The largest power of two strictly smaller than <paramref name="n"/> (n &gt; 1), the split point k of RFC 9162.</summary>
    /// <param name="n">A number greater than one.</param>
    /// <returns>k with k &lt; n &lt;= 2k.</returns>
    public static long LargestPowerOfTwoBelow(long n)
    {
        if (n < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "Only ranges of two or more leaves are split.");
        }

        return 1L << BitOperations.Log2((ulong)(n - 1));
    }
}

/// <summary>An append-only Merkle tree in memory that keeps every perfect subtree hash (about two hashes per leaf).</summary>
public sealed class MerkleTree
{
    private readonly List<List<byte[]>> _levels = [[]];

    /// <summary>Number of leaves.</summary>
    public long Size => _levels[0].Count;

    /// <summary>Appends a leaf by its hash.</summary>
    /// <param name="leafHash">The leaf hash (<see cref="Merkle.LeafHash"/>).</param>
    public void AppendLeafHash(byte[] leafHash)
    {
        ArgumentNullException.ThrowIfNull(leafHash);
        if (leafHash.Length != Merkle.HashSize)
        {
            throw new ArgumentException("A leaf hash has 32 bytes.", nameof(leafHash));
        }

        _levels[0].Add(leafHash);
        var height = 0;
        var index = _levels[0].Count - 1;
        while ((index & 1) == 1)
        {
            if (_levels.Count == height + 1)
            {
                _levels.Add([]);
            }

            var level = _levels[height];
            _levels[height + 1].Add(Merkle.NodeHash(level[index - 1], level[index]));
            height++;
            index >>= 1;
        }
    }

    /// <summary>Appends an entry.</summary>
    /// <param name="entry">The entry bytes.</param>
    public void Append(ReadOnlySpan<byte> entry) => AppendLeafHash(Merkle.LeafHash(entry));

    /// <summary>The stored hash of a perfect subtree.</summary>
    /// <param name="height">Subtree height (0 = leaf).</param>
    /// <param name="index">Position at that height.</param>
    /// <returns>The hash.</returns>
    public byte[] Perfect(int height, long index)
    {
        if (height < 0 || height >= _levels.Count || index < 0 || index >= _levels[height].Count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), $"No complete subtree of height {height} at {index} in a tree of {Size} leaves.");
        }

        return _levels[height][(int)index];
    }

    /// <summary>Number of complete subtrees of a height.</summary>
    /// <param name="height">Subtree height.</param>
    /// <returns>How many exist.</returns>
    public long CountAt(int height) => height < _levels.Count ? _levels[height].Count : 0;

    /// <summary>The root hash of the first <paramref name="size"/> leaves.</summary>
    /// <param name="size">A size up to <see cref="Size"/>.</param>
    /// <returns>The root hash.</returns>
    public byte[] RootHash(long size) => Merkle.RootHash(Perfect, size);

    /// <summary>The root hash of the whole tree.</summary>
    /// <returns>The root hash.</returns>
    public byte[] RootHash() => RootHash(Size);
}
