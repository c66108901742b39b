using System.Text;
using SealVerifier.TransparencyLog;

namespace SealVerifier.Tests.TransparencyLog;

public sealed class TileAndNoteTests
{
    [Theory]
    [InlineData(0, "000")]
    [InlineData(5, "005")]
    [InlineData(999, "999")]
    [InlineData(1000, "x001/000")]
    [InlineData(1234067, "x001/x234/067")]
    public void Tile_indexes_are_three_digit_groups(long index, string path)
    {
        Assert.Equal(path, Tiles.EncodeIndex(index));
        Assert.True(Tiles.TryParse("0/" + path, out var address));
        Assert.Equal(new TileAddress(0, index, 256), address);
    }

    [Theory]
    [InlineData("1/x001/234.p/7", 1, 1234, 7)]
    [InlineData("entries/005.p/255", -1, 5, 255)]
    [InlineData("entries/x002/000", -1, 2000, 256)]
    public void Tile_paths_parse(string path, int level, long index, int width)
    {
        Assert.True(Tiles.TryParse(path, out var address));
        Assert.Equal(new TileAddress(level, index, width), address);
        Assert.Equal("tile/" + path, address.ToString());
    }

    [Theory]
    [InlineData("0/5")]
    [InlineData("0/x000/005")]
    [InlineData("0/001/002")]
    [InlineData("0/005.p/256")]
    [InlineData("0/005.p/0")]
    [InlineData("0/005.p/07")]
    [InlineData("00/005")]
    [InlineData("9/005")]
    [InlineData("data/005")]
    [InlineData("0/../005")]
    [InlineData("0")]
    public void Non_canonical_tile_paths_are_refused(string path) => Assert.False(Tiles.TryParse(path, out _));

    [Fact]
    public void Hashes_read_from_tiles_give_the_same_roots_and_proofs_as_the_tree()
    {
        // 70,000 leaves: two tile levels, partial tiles at both, sizes that are not powers of two.
        var tree = new MerkleTree();
        for (var i = 0; i < 70_000; i++)
        {
            tree.AppendLeafHash(Merkle.LeafHash(BitConverter.GetBytes(i)));
        }

        foreach (var size in new long[] { 1, 255, 256, 257, 65_535, 65_536, 65_537, 69_999, 70_000 })
        {
            var reads = 0;
            var source = Tiles.HashSource(size, address =>
            {
                reads++;
                var first = address.Index * Tiles.Width;
                var height = address.Level * Tiles.Height;
                return Enumerable.Range(0, address.Width).SelectMany(i => tree.Perfect(height, first + i)).ToArray();
            });
            Assert.Equal(tree.RootHash(size), Merkle.RootHash(source, size));
            Assert.Equal(Merkle.InclusionProof(tree.Perfect, size - 1, size), Merkle.InclusionProof(source, size - 1, size));
            Assert.Equal(Merkle.ConsistencyProof(tree.Perfect, (size / 3) + 1, size), Merkle.ConsistencyProof(source, (size / 3) + 1, size));
            Assert.InRange(reads, 1, 12);
        }
    }

    [Fact]
    public void Entry_bundles_round_trip()
    {
        byte[][] entries = [[], Encoding.UTF8.GetBytes("{\"a\":1}"), new byte[300]];
        var bundle = Tiles.FormatEntryBundle(entries);
        Assert.Equal([0, 0, 0, 7], bundle.AsSpan(0, 4).ToArray());
        Assert.Equal(entries, Tiles.ParseEntryBundle(bundle));
        Assert.Throws<FormatException>(() => Tiles.ParseEntryBundle(bundle.AsSpan(0, bundle.Length - 1)));
    }

    [Fact]
    public void Signed_checkpoints_verify_and_any_change_breaks_them()
    {
        var seed = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var key = new NoteVerifierKey("seals.example.org/log", SignedNote.PublicKeyOf(seed));
        Assert.True(NoteVerifierKey.TryParse(key.ToString(), out var parsed, out var parseError), parseError);
        Assert.Equal(key.PublicKey, parsed.PublicKey);
        Assert.Matches(@"^seals\.example\.org/log\+[0-9a-f]{8}\+A[Q-Za-f]", key.ToString());

        var checkpoint = new Checkpoint(key.Name, 42, Merkle.LeafHash([1]));
        var note = SignedNote.Sign(checkpoint.ToText(), key.Name, seed);
        Assert.StartsWith("seals.example.org/log\n42\n", note, StringComparison.Ordinal);
        Assert.Contains("\n\n\u2014 seals.example.org/log ", note, StringComparison.Ordinal);
        Assert.True(Checkpoint.TryVerify(note, key, out var opened, out var error), error);
        Assert.Equal(42, opened.Size);
        Assert.Equal(checkpoint.RootHash, opened.RootHash);

        Assert.False(Checkpoint.TryVerify(note.Replace("\n42\n", "\n43\n", StringComparison.Ordinal), key, out _, out error));
        Assert.Contains("does not verify", error, StringComparison.Ordinal);
        var otherKey = new NoteVerifierKey(key.Name, SignedNote.PublicKeyOf(new byte[32]));
        Assert.False(Checkpoint.TryVerify(note, otherKey, out _, out error));
        Assert.Contains("no signature by", error, StringComparison.Ordinal);
        Assert.False(NoteVerifierKey.TryParse(key.ToString().Replace($"+{key.KeyHash:x8}+", "+00000000+", StringComparison.Ordinal), out _, out var hashError));
        Assert.Contains("hash does not match", hashError, StringComparison.Ordinal);
    }

    [Fact]
    public void Note_key_hash_follows_the_signed_note_spec()
    {
        // SHA-256("name" || 0x0A || 0x01 || 32 zero bytes), first four bytes, computed independently here.
        var input = Encoding.UTF8.GetBytes("example.com/log").Concat(new byte[] { 0x0A, 0x01 }).Concat(new byte[32]).ToArray();
        var expected = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Security.Cryptography.SHA256.HashData(input));
        Assert.Equal(expected, SignedNote.KeyHash("example.com/log", new byte[32]));
    }
}
