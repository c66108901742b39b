using SealService.Data;
using SealService.Domain;

namespace SealService.Tests.Domain;

public sealed class AuditChainTests
{
    private static List<AuditLogEntry> Chain(int count)
    {
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(1, count)
            .Select(i => new AuditLogEntry(start.AddMinutes(i), $"user-{i % 3}", $"User {i % 3}", "application.submitted", "SealApplication", $"app-{i}", null, $"{{\"n\":{i}}}"))
            .ToList();
        AuditChain.Link(entries, 0, AuditChain.GenesisHash);
        return entries;
    }

    [Fact]
    public void Intact_chain_verifies()
    {
        var entries = Chain(10);
        Assert.Null(AuditChain.Verify(entries));
        Assert.Equal(Enumerable.Range(1, 10).Select(i => (long)i), entries.Select(e => e.Sequence));
    }

    [Fact]
    public void Appending_continues_from_the_tail()
    {
        var entries = Chain(3);
        var more = new AuditLogEntry(DateTimeOffset.UnixEpoch, "u", "U", "x", "T", "1", null, null);
        AuditChain.Link([more], entries[^1].Sequence, entries[^1].Hash);
        Assert.Null(AuditChain.Verify([.. entries, more]));
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
        Assert.Equal(position, AuditChain.Verify(entries)?.Sequence);
    }

    [Fact]
    public void Deleted_entry_is_reported()
    {
        var entries = Chain(10);
        entries.RemoveAt(4);
        var broken = AuditChain.Verify(entries);
        Assert.Equal(5, broken?.Sequence);
        Assert.Contains("missing", broken?.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Reordered_entries_are_reported()
    {
        var entries = Chain(10);
        (entries[3], entries[4]) = (entries[4], entries[3]);
        Assert.Equal(4, AuditChain.Verify(entries)?.Sequence);
    }

    [Fact]
    public void Recomputed_hash_after_edit_breaks_the_next_link()
    {
        var entries = Chain(10);
        var forged = new AuditLogEntry(entries[2].At, "attacker", "Attacker", "x", "T", "1", null, null) { Sequence = 3, PreviousHash = entries[2].PreviousHash };
        forged.Hash = AuditChain.ComputeHash(forged);
        entries[2] = forged;
        Assert.Equal(4, AuditChain.Verify(entries)?.Sequence);
    }
}
