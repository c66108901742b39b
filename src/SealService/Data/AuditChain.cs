using System.Security.Cryptography;
using System.Text;

namespace SealService.Data;

/// <summary>
/// Links audit entries into a keyed chain (HMAC-SHA256 with <see cref="AuditChainKey"/>) and checks an existing chain.
/// The key lives in the key store folder, not in the database: whoever can write the database can still delete or edit
/// rows, but cannot compute a valid hash for an edited or added entry, so <see cref="Verify"/> names the first one.
/// </summary>
/// <remarks>
/// Entries written before the key existed carry a plain SHA-256 hash (version 1). They are accepted only as an
/// unbroken prefix that the operator has sealed (see <see cref="Reseal"/> and keys/README.md); a plain-hashed entry after
/// a keyed one is a forgery, and a chain that is plain to its end is reported as not keyed.
/// </remarks>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static void Link(IEnumerable<AuditLogEntry> newEntries, long lastSequence, string lastHash, AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(newEntries);
        ArgumentNullException.ThrowIfNull(key);
        foreach (var entry in newEntries)
        {
            entry.Sequence = ++lastSequence;
            entry.PreviousHash = lastHash;
            entry.Hash = ComputeMac(entry, key);
            lastHash = entry.Hash;
        }
    }

    /// <summary>The keyed hash of an entry (every field and the previous entry's hash).</summary>
    public static string ComputeMac(AuditLogEntry entry, AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Convert.ToHexStringLower(key.Mac(Canonical(entry)));
    }

    /// <summary>The plain SHA-256 of version 1, before the chain was keyed. Anyone can compute it: it proves nothing alone.</summary>
    public static string ComputeHash(AuditLogEntry entry) => Convert.ToHexStringLower(SHA256.HashData(Canonical(entry)));

    private static byte[] Canonical(AuditLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        // Length-prefixed fields: no value can be shifted into its neighbour to forge the same input.
        var builder = new StringBuilder();
        foreach (var field in new[]
                 {
                     entry.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     entry.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     entry.ActorId, entry.ActorName, entry.Action, entry.EntityType, entry.EntityId,
                     entry.Before ?? "\0", entry.After ?? "\0", entry.PreviousHash,
                 })
        {
            builder.Append(field.Length).Append(':').Append(field).Append(';');
        }

        return Encoding.UTF8.GetBytes(builder.ToString());
    }

    /// <summary>Checks entries in sequence order; returns the first broken one, or null if the chain is intact and keyed throughout.</summary>
    public static AuditChainBreak? Verify(IEnumerable<AuditLogEntry> entriesInOrder, AuditChainKey key)
    {
        ArgumentNullException.ThrowIfNull(entriesInOrder);
        ArgumentNullException.ThrowIfNull(key);
        var previousHash = GenesisHash;
        long expected = 1;
        AuditLogEntry? unkeyedHead = null;
        var keyedSeen = false;
        foreach (var entry in entriesInOrder)
        {
            if (entry.Sequence != expected)
            {
                return new AuditChainBreak(expected, $"entry {expected} is missing (found {entry.Sequence} instead)");
            }

            if (entry.PreviousHash != previousHash)
            {
                return new AuditChainBreak(entry.Sequence, "its link to the previous entry does not match (an entry before it was removed, edited or reordered)");
            }

            if (FixedTimeEquals(ComputeMac(entry, key), entry.Hash))
            {
                keyedSeen = true;
            }
            else if (!keyedSeen && ComputeHash(entry) == entry.Hash)
            {
                unkeyedHead = entry;
            }
            else
            {
                return new AuditChainBreak(entry.Sequence, keyedSeen && ComputeHash(entry) == entry.Hash
                    ? "it is not signed with the audit key (an entry added or edited without the key: forged)"
                    : "its content does not match its keyed hash (the entry was edited, or the audit key is not the one the log was written with)");
            }

            previousHash = entry.Hash;
            expected++;
        }

        return unkeyedHead is null
            ? null
            : new AuditChainBreak(1,
                $"entries 1 to {unkeyedHead.Sequence} are not keyed with the audit key (written before the key was introduced, or rewritten without it). "
                + $"If you trust them, seal them once with Audit:SealUnkeyedChainHead={unkeyedHead.Sequence}:{unkeyedHead.Hash} (see keys/README.md)",
                $"{unkeyedHead.Sequence}:{unkeyedHead.Hash}");
    }

    /// <summary>
    /// Re-links a chain whose only fault is an unkeyed prefix ending at <paramref name="approvedUnkeyedHead"/>
    /// (SEQUENCE:HASH, as <see cref="Verify"/> reported it and the operator confirmed): every entry gets its keyed hash.
    /// Returns false and changes nothing when the chain has any other fault or its unkeyed head is a different one.
    /// </summary>
    public static bool Reseal(IReadOnlyList<AuditLogEntry> entriesInOrder, AuditChainKey key, string approvedUnkeyedHead)
    {
        ArgumentNullException.ThrowIfNull(entriesInOrder);
        var check = Verify(entriesInOrder, key);
        if (check?.UnkeyedHead is null || !string.Equals(check.UnkeyedHead, approvedUnkeyedHead.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var previousHash = GenesisHash;
        foreach (var entry in entriesInOrder)
        {
            entry.PreviousHash = previousHash;
            entry.Hash = ComputeMac(entry, key);
            previousHash = entry.Hash;
        }

        return true;
    }

    private static bool FixedTimeEquals(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(actual));
}

/// <summary>Where a chain breaks. <see cref="UnkeyedHead"/> is set when the only fault is a prefix written before the chain was keyed.</summary>
public sealed record AuditChainBreak(long Sequence, string Problem, string? UnkeyedHead = null);
