using System.Security.Cryptography;
using System.Text;
using SealService.Domain;

namespace SealService.Data;

/// <summary>Links audit entries into a SHA-256 hash chain and checks an existing chain.</summary>
public static class AuditChain
{
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    public static void Link(IEnumerable<AuditLogEntry> newEntries, long lastSequence, string lastHash)
    {
        foreach (var entry in newEntries)
        {
            entry.Sequence = ++lastSequence;
            entry.PreviousHash = lastHash;
            entry.Hash = ComputeHash(entry);
            lastHash = entry.Hash;
        }
    }

    public static string ComputeHash(AuditLogEntry entry)
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

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString())));
    }

    /// <summary>Checks entries in sequence order; returns the first broken one, or null if the chain is intact.</summary>
    public static AuditChainBreak? Verify(IEnumerable<AuditLogEntry> entriesInOrder)
    {
        ArgumentNullException.ThrowIfNull(entriesInOrder);
        var previousHash = GenesisHash;
        long expected = 1;
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

            if (ComputeHash(entry) != entry.Hash)
            {
                return new AuditChainBreak(entry.Sequence, "its content does not match its hash (the entry was edited)");
            }

            previousHash = entry.Hash;
            expected++;
        }

        return null;
    }
}

public sealed record AuditChainBreak(long Sequence, string Problem);
