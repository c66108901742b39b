using System.Security.Cryptography;
using System.Text;
using SealVerifier.TransparencyLog;

namespace SealVerifier.Tests.TransparencyLog;

/// <summary>
/// The Merkle code against the RFC 6962 test vectors of Certificate Transparency and against a naive implementation
/// written straight from the recursive definitions of RFC 9162 section 2.1 (MTH, PATH, PROOF), for every tree size 1..70.
/// </summary>
public sealed class MerkleTests
{
    // The leaves and roots of the reference tree in RFC 6962's test data (certificate-transparency merkle_tree_test).
    private static readonly byte[][] VectorLeaves =
    [
        [], [0x00], [0x10], [0x20, 0x21], [0x30, 0x31], [0x40, 0x41, 0x42, 0x43],
        [0x50, 0x51, 0x52, 0x53, 0x54, 0x55, 0x56, 0x57],
        Convert.FromHexString("606162636465666768696a6b6c6d6e6f"),
    ];

    private static readonly string[] VectorRoots =
    [
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    ];

    [Fact]
    public void Empty_tree_hash_is_sha256_of_nothing() =>
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Convert.ToHexStringLower(Merkle.EmptyTreeHash()));

    [Fact]
    public void Roots_match_the_rfc6962_test_vectors()
    {
        var tree = new MerkleTree();
        for (var i = 0; i < VectorLeaves.Length; i++)
        {
            tree.Append(VectorLeaves[i]);
            Assert.Equal(VectorRoots[i], Convert.ToHexStringLower(tree.RootHash()));
        }
    }

    [Fact]
    public void Inclusion_and_consistency_proofs_match_the_rfc6962_test_vectors()
    {
        var tree = new MerkleTree();
        foreach (var leaf in VectorLeaves)
        {
            tree.Append(leaf);
        }

        // Inclusion of leaf 0 in the 8-leaf tree and of leaf 5 in the 8-leaf tree (CT's TestInclusionProof vectors).
        Assert.Equal(
            ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
            Merkle.InclusionProof(tree.Perfect, 0, 8).Select(Convert.ToHexStringLower));
        Assert.Equal(
            ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
            Merkle.InclusionProof(tree.Perfect, 5, 8).Select(Convert.ToHexStringLower));

        // Consistency 1→8, 6→8 and 2→5 (CT's TestConsistencyProof vectors).
        Assert.Equal(
            ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7", "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"],
            Merkle.ConsistencyProof(tree.Perfect, 1, 8).Select(Convert.ToHexStringLower));
        Assert.Equal(
            ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a", "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0", "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"],
            Merkle.ConsistencyProof(tree.Perfect, 6, 8).Select(Convert.ToHexStringLower));
        Assert.Equal(
            ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e", "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"],
            Merkle.ConsistencyProof(tree.Perfect, 2, 5).Select(Convert.ToHexStringLower));
    }

    [Fact]
    public void Every_size_up_to_70_agrees_with_the_recursive_definitions_and_every_proof_verifies()
    {
        const int max = 70;
        var leaves = Enumerable.Range(0, max).Select(i => Encoding.UTF8.GetBytes($"entry {i}")).ToList();
        var tree = new MerkleTree();
        foreach (var leaf in leaves)
        {
            tree.Append(leaf);
        }

        var roots = new byte[max + 1][];
        for (var n = 1; n <= max; n++)
        {
            var slice = leaves.Take(n).ToList();
            roots[n] = Naive.Mth(slice);
            Assert.Equal(roots[n], tree.RootHash(n));
            for (var m = 0; m < n; m++)
            {
                var proof = Merkle.InclusionProof(tree.Perfect, m, n);
                Assert.Equal(Naive.Path(m, slice), proof);
                Assert.True(Merkle.VerifyInclusion(Merkle.LeafHash(leaves[m]), m, n, proof, roots[n]), $"inclusion {m} in {n}");
                Assert.False(Merkle.VerifyInclusion(Merkle.LeafHash(leaves[(m + 1) % max]), m, n, proof, roots[n]), $"wrong leaf {m} in {n}");
                if (n > 1)
                {
                    Assert.False(Merkle.VerifyInclusion(Merkle.LeafHash(leaves[m]), m, n, proof, roots[n - 1]), $"wrong root {m} in {n}");
                }
            }
        }

        for (var n = 1; n <= max; n++)
        {
            for (var m = 1; m <= n; m++)
            {
                var proof = Merkle.ConsistencyProof(tree.Perfect, m, n);
                Assert.Equal(Naive.Proof(m, leaves.Take(n).ToList()), proof);
                Assert.True(Merkle.VerifyConsistency(m, n, roots[m], roots[n], proof), $"consistency {m}->{n}");
                if (m < n)
                {
                    Assert.False(Merkle.VerifyConsistency(m, n, roots[n], roots[n], proof), $"wrong old root {m}->{n}");
                    Assert.False(Merkle.VerifyConsistency(m, n, roots[m], roots[m], proof), $"wrong new root {m}->{n}");
                    Assert.False(Merkle.VerifyConsistency(m, n, roots[m], roots[n], proof.Take(proof.Count - 1).ToList()), $"short proof {m}->{n}");
                }
            }
        }
    }

    [Fact]
    public void A_tampered_proof_hash_fails()
    {
        var tree = new MerkleTree();
        for (var i = 0; i < 13; i++)
        {
            tree.Append([(byte)i]);
        }

        var proof = Merkle.InclusionProof(tree.Perfect, 6, 13).Select(p => (byte[])p.Clone()).ToList();
        proof[1][0] ^= 1;
        Assert.False(Merkle.VerifyInclusion(Merkle.LeafHash([6]), 6, 13, proof, tree.RootHash()));
        var consistency = Merkle.ConsistencyProof(tree.Perfect, 7, 13).Select(p => (byte[])p.Clone()).ToList();
        consistency[0][31] ^= 1;
        Assert.False(Merkle.VerifyConsistency(7, 13, tree.RootHash(7), tree.RootHash(13), consistency));
    }

    /// <summary>RFC 9162 section 2.1.1 and 2.1.2, literally: no shortcuts, no stored hashes.</summary>
    private static class Naive
    {
        public static byte[] Mth(IReadOnlyList<byte[]> d)
        {
            if (d.Count == 0)
            {
                return SHA256.HashData([]);
            }

            if (d.Count == 1)
            {
                return SHA256.HashData([0x00, .. d[0]]);
            }

            var k = K(d.Count);
            return SHA256.HashData([0x01, .. Mth(d.Take(k).ToList()), .. Mth(d.Skip(k).ToList())]);
        }

        public static List<byte[]> Path(int m, IReadOnlyList<byte[]> d)
        {
            if (d.Count == 1)
            {
                return [];
            }

            var k = K(d.Count);
            return m < k
                ? [.. Path(m, d.Take(k).ToList()), Mth(d.Skip(k).ToList())]
                : [.. Path(m - k, d.Skip(k).ToList()), Mth(d.Take(k).ToList())];
        }

        public static List<byte[]> Proof(int m, IReadOnlyList<byte[]> d) => SubProof(m, d, true);

        private static List<byte[]> SubProof(int m, IReadOnlyList<byte[]> d, bool b)
        {
            if (m == d.Count)
            {
                return b ? [] : [Mth(d)];
            }

            var k = K(d.Count);
            return m <= k
                ? [.. SubProof(m, d.Take(k).ToList(), b), Mth(d.Skip(k).ToList())]
                : [.. SubProof(m - k, d.Skip(k).ToList(), false), Mth(d.Take(k).ToList())];
        }

        private static int K(int n)
        {
            var k = 1;
            while (k * 2 < n)
            {
                k *= 2;
            }

            return k;
        }
    }
}
