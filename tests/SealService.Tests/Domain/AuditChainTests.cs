using SealService.Admin;
using SealService.Data;
using SealService.Domain;

namespace SealService.Tests.Domain;

public sealed class AuditChainTests
{
    private static readonly AuditChainKey Key = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    private static List<AuditLogEntry> Chain(int count)
    {
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(1, count)
            .Select(i => new AuditLogEntry(start.AddMinutes(i), $"user-{i % 3}", $"User {i % 3}", "application.submitted", "SealApplication", $"app-{i}", null, $"{{\"n\":{i}}}"))
            .ToList();
        AuditChain.Link(entries, 0, AuditChain.GenesisHash, Key);
        return entries;
    }

    [Fact]
    public void Intact_chain_verifies()
    {
        var entries = Chain(10);
        Assert.Null(AuditChain.Verify(entries, Key));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), entries.Select(e => e.Sequence));
    }

    [Fact]
    public void Appending_continues_from_the_tail()
    {
        var entries = Chain(3);
        var more = new AuditLogEntry(DateTimeOffset.UnixEpoch, "u", "U", "x", "T", "1", null, null);
        AuditChain.Link([more], entries[^1].Sequence, entries[^1].Hash, Key);
        Assert.Null(AuditChain.Verify([.. entries, more], Key));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(10)]
    public void Edited_entry_is_reported_at_its_position(int position)
    {
        var entries = Chain(10);
        var edited = new AuditLogEntry(entries[position - 1].At, "attacker", "Attacker", entries[position - 1].Action, "SealApplication", "app-x", null, "{}")
        {
            Sequence = position,
            PreviousHash = entries[position - 1].PreviousHash,
            Hash = entries[position - 1].Hash,
        };
        entries[position - 1] = edited;
        Assert.Equal(position, AuditChain.Verify(entries, Key)?.Sequence);
    }

    [Fact]
    public void Deleted_entry_is_reported()
    {
        var entries = Chain(10);
        entries.RemoveAt(4);
        var broken = AuditChain.Verify(entries, Key);
        Assert.Equal(5, broken?.Sequence);
        Assert.Contains("missing", broken?.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Reordered_entries_are_reported()
    {
        var entries = Chain(10);
        (entries[3], entries[4]) = (entries[4], entries[3]);
        Assert.Equal(4, AuditChain.Verify(entries, Key)?.Sequence);
    }

    [Fact]
    public void Recomputed_plain_hash_after_edit_is_reported_at_the_edited_entry()
    {
        var entries = Chain(10);
        var forged = new AuditLogEntry(entries[2].At, "attacker", "Attacker", "x", "T", "1", null, null) { Sequence = 3, PreviousHash = entries[2].PreviousHash };
        forged.Hash = AuditChain.ComputeHash(forged);
        entries[2] = forged;
        Assert.Equal(3, AuditChain.Verify(entries, Key)?.Sequence);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(10)]
    public void Editing_an_entry_and_recomputing_every_later_plain_hash_is_reported(int position)
    {
        var entries = Chain(10);
        entries[position - 1] = new AuditLogEntry(entries[position - 1].At, "attacker", "Attacker", "application.approved", "SealApplication", "app-x", null, "{}")
        {
            Sequence = position,
            PreviousHash = entries[position - 1].PreviousHash,
        };
        for (var i = position - 1; i < entries.Count; i++)
        {
            entries[i].PreviousHash = i == 0 ? AuditChain.GenesisHash : entries[i - 1].Hash;
            entries[i].Hash = AuditChain.ComputeHash(entries[i]);
        }

        var broken = AuditChain.Verify(entries, Key);

        Assert.NotNull(broken);
        Assert.Equal(position, broken.Sequence);
        Assert.Null(position == 1 ? null : broken.UnkeyedHead);
    }

    [Fact]
    public void A_forged_entry_chained_onto_the_tail_is_reported()
    {
        var entries = Chain(5);
        var forged = new AuditLogEntry(entries[^1].At.AddMinutes(1), "attacker", "Attacker", "certificate.issued", "Certificate", "x", null, null)
        {
            Sequence = 6,
            PreviousHash = entries[^1].Hash,
        };
        forged.Hash = AuditChain.ComputeHash(forged);

        var broken = AuditChain.Verify([.. entries, forged], Key);

        Assert.Equal(6, broken?.Sequence);
        Assert.Contains("forged", broken?.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_keyed_with_another_key_is_reported()
    {
        var entries = Chain(5);
        var other = new AuditChainKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var forged = new AuditLogEntry(DateTimeOffset.UnixEpoch, "attacker", "Attacker", "x", "T", "1", null, null);
        AuditChain.Link([forged], 5, entries[^1].Hash, other);

        Assert.Equal(6, AuditChain.Verify([.. entries, forged], Key)?.Sequence);
    }

    [Fact]
    public void A_log_from_before_the_key_is_reported_with_its_head_and_sealed_only_with_that_head()
    {
        var entries = Chain(6);
        // Entries 1 to 4 as version 1 wrote them (plain SHA-256), 5 and 6 keyed on top.
        for (var i = 0; i < entries.Count; i++)
        {
            entries[i].PreviousHash = i == 0 ? AuditChain.GenesisHash : entries[i - 1].Hash;
            entries[i].Hash = i < 4 ? AuditChain.ComputeHash(entries[i]) : AuditChain.ComputeMac(entries[i], Key);
        }

        var broken = AuditChain.Verify(entries, Key);
        Assert.Equal(1, broken?.Sequence);
        Assert.Equal($"4:{entries[3].Hash}", broken?.UnkeyedHead);
        Assert.Contains("not keyed", broken?.Problem, StringComparison.Ordinal);

        Assert.False(AuditChain.Reseal(entries, Key, $"4:{new string('a', 64)}"));
        Assert.Equal(1, AuditChain.Verify(entries, Key)?.Sequence);
        Assert.True(AuditChain.Reseal(entries, Key, broken!.UnkeyedHead!));
        Assert.Null(AuditChain.Verify(entries, Key));
    }
}
