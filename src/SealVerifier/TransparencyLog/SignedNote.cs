using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace SealVerifier.TransparencyLog;

/// <summary>
/// A note verifier key in the C2SP signed-note format, <c>&lt;name&gt;+&lt;hash&gt;+&lt;base64(0x01 || Ed25519 public key)&gt;</c>,
/// where hash is the first four bytes of SHA-256(name || 0x0A || 0x01 || public key) in hex.
/// </summary>
/// <param name="Name">The key name (for a log, its origin).</param>
/// <param name="PublicKey">The 32-byte Ed25519 public key.</param>
public sealed record NoteVerifierKey(string Name, byte[] PublicKey)
{
    /// <summary>The signed-note algorithm byte for Ed25519.</summary>
    public const byte Ed25519Algorithm = 0x01;

    /// <summary>The key id that prefixes each signature.</summary>
    public uint KeyHash => SignedNote.KeyHash(Name, PublicKey);

    /// <summary>The vkey text.</summary>
    /// <returns>The vkey.</returns>
    public override string ToString() =>
        $"{Name}+{KeyHash:x8}+{Convert.ToBase64String([Ed25519Algorithm, .. PublicKey])}";

    /// <summary>Parses a vkey.</summary>
    /// <param name="text">The vkey text.</param>
    /// <param name="key">The key.</param>
    /// <param name="error">Why it is not a vkey.</param>
    /// <returns>Whether it parsed and its hash matched.</returns>
    public static bool TryParse(string? text, out NoteVerifierKey key, out string error)
    {
        key = new NoteVerifierKey("", []);
        text = text?.Trim();
        // The base64 key may itself contain '+'; the name and the hash cannot.
        var parts = text?.Split('+', 3) ?? [];
        if (parts.Length != 3 || !SignedNote.IsValidName(parts[0]) || parts[1].Length != 8 || !parts[1].All(char.IsAsciiHexDigitLower))
        {
            error = "the log key is not a vkey of the form name+hash+key";
            return false;
        }

        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(parts[2]);
        }
        catch (FormatException)
        {
            error = "the log key's key part is not base64";
            return false;
        }

        if (raw.Length != 33 || raw[0] != Ed25519Algorithm)
        {
            error = "the log key is not an Ed25519 key";
            return false;
        }

        key = new NoteVerifierKey(parts[0], raw[1..]);
        if (key.KeyHash.ToString("x8", System.Globalization.CultureInfo.InvariantCulture) != parts[1])
        {
            error = "the log key's hash does not match its name and key";
            return false;
        }

        error = "";
        return true;
    }
}

/// <summary>Signs and opens C2SP signed notes with Ed25519 keys.</summary>
public static class SignedNote
{
    /// <summary>Longest note accepted when opening one (checkpoints are a few hundred bytes).</summary>
    public const int MaxNoteSize = 64 * 1024;

    private const string SignaturePrefix = "\u2014 ";

    /// <summary>The signed-note key id: first four bytes (big-endian) of SHA-256(name || 0x0A || 0x01 || public key).</summary>
    /// <param name="name">The key name.</param>
    /// <param name="publicKey">The Ed25519 public key.</param>
    /// <returns>The key hash.</returns>
    public static uint KeyHash(string name, ReadOnlySpan<byte> publicKey)
    {
        var input = new List<byte>(Encoding.UTF8.GetBytes(name)) { 0x0A, NoteVerifierKey.Ed25519Algorithm };
        input.AddRange(publicKey.ToArray());
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input.ToArray()));
    }

    /// <summary>A key name: non-empty, no whitespace and no plus sign.</summary>
    /// <param name="name">The name.</param>
    /// <returns>Whether it is valid.</returns>
    public static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && !name.Any(c => char.IsWhiteSpace(c) || c == '+' || char.IsControl(c));

    /// <summary>The Ed25519 public key of a 32-byte private key seed.</summary>
    /// <param name="seed">The private key seed.</param>
    /// <returns>The public key.</returns>
    public static byte[] PublicKeyOf(byte[] seed) => new Ed25519PrivateKeyParameters(seed, 0).GeneratePublicKey().GetEncoded();

    /// <summary>Signs a note text (which must end with a newline) with one Ed25519 key.</summary>
    /// <param name="text">The note text.</param>
    /// <param name="name">The key name.</param>
    /// <param name="seed">The 32-byte private key seed.</param>
    /// <returns>The signed note: the text, a blank line and one signature line.</returns>
    public static string Sign(string text, string name, byte[] seed)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(seed);
        if (!text.EndsWith('\n') || text.Contains("\n\n", StringComparison.Ordinal) || !IsValidName(name))
        {
            throw new ArgumentException("A note text ends with a newline and has no blank line; the key name has no spaces or plus signs.");
        }

        var key = new Ed25519PrivateKeyParameters(seed, 0);
        var message = Encoding.UTF8.GetBytes(text);
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(message, 0, message.Length);
        var signature = signer.GenerateSignature();
        var keyHash = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(keyHash, KeyHash(name, key.GeneratePublicKey().GetEncoded()));
        return text + "\n" + SignaturePrefix + name + " " + Convert.ToBase64String([.. keyHash, .. signature]) + "\n";
    }

    /// <summary>Checks that a note carries a valid signature by <paramref name="key"/> and returns its text.</summary>
    /// <param name="note">The signed note.</param>
    /// <param name="key">The verifier key.</param>
    /// <param name="text">The verified text (ending with a newline).</param>
    /// <param name="error">Why the note does not verify.</param>
    /// <returns>Whether a signature line by this key verifies.</returns>
    public static bool TryOpen(string? note, NoteVerifierKey key, out string text, out string error)
    {
        ArgumentNullException.ThrowIfNull(key);
        text = "";
        if (string.IsNullOrEmpty(note) || note.Length > MaxNoteSize || !note.EndsWith('\n'))
        {
            error = "the note is empty, too long or does not end with a newline";
            return false;
        }

        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0)
        {
            error = "the note has no signature block";
            return false;
        }

        var body = note[..(split + 1)];
        var lines = note[(split + 2)..^1].Split('\n');
        var found = false;
        foreach (var line in lines)
        {
            if (!line.StartsWith(SignaturePrefix, StringComparison.Ordinal))
            {
                error = "a signature line does not start with an em dash";
                return false;
            }

            var fields = line[SignaturePrefix.Length..].Split(' ');
            if (fields.Length != 2 || fields[0] != key.Name)
            {
                continue;
            }

            byte[] raw;
            try
            {
                raw = Convert.FromBase64String(fields[1]);
            }
            catch (FormatException)
            {
                continue;
            }

            if (raw.Length != 4 + 64 || BinaryPrimitives.ReadUInt32BigEndian(raw) != key.KeyHash)
            {
                continue;
            }

            found = true;
            var message = Encoding.UTF8.GetBytes(body);
            var verifier = new Ed25519Signer();
            verifier.Init(false, new Ed25519PublicKeyParameters(key.PublicKey, 0));
            verifier.BlockUpdate(message, 0, message.Length);
            if (verifier.VerifySignature(raw[4..]))
            {
                text = body;
                error = "";
                return true;
            }
        }

        error = found ? $"the signature by {key.Name} does not verify: the note was altered or signed with another key"
            : $"the note carries no signature by {key.Name}+{key.KeyHash:x8}";
        return false;
    }
}

/// <summary>A C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, optional extension lines.</summary>
/// <param name="Origin">The log's origin (unique name, e.g. <c>seals.example.org/log</c>).</param>
/// <param name="Size">The tree size.</param>
/// <param name="RootHash">The 32-byte root hash.</param>
public sealed record Checkpoint(string Origin, long Size, byte[] RootHash)
{
    /// <summary>The note text of the checkpoint.</summary>
    /// <returns>Three lines, each ending with a newline.</returns>
    public string ToText() => $"{Origin}\n{Size.ToString(System.Globalization.CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";

    /// <summary>Parses the (already verified) text of a checkpoint note.</summary>
    /// <param name="text">The note text.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>Whether the text is a checkpoint.</returns>
    public static bool TryParse(string text, out Checkpoint checkpoint)
    {
        checkpoint = new Checkpoint("", 0, []);
        var lines = (text ?? "").Split('\n');
        if (lines.Length < 4 || lines[^1].Length != 0 || lines[0].Length == 0
            || lines[1].Length is 0 or > 19 || !lines[1].All(char.IsAsciiDigit) || (lines[1].Length > 1 && lines[1][0] == '0')
            || !long.TryParse(lines[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size))
        {
            return false;
        }

        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            return false;
        }

        if (root.Length != Merkle.HashSize)
        {
            return false;
        }

        checkpoint = new Checkpoint(lines[0], size, root);
        return true;
    }

    /// <summary>Verifies a signed checkpoint with the log's key and parses it; the origin must equal the key's name.</summary>
    /// <param name="note">The signed checkpoint.</param>
    /// <param name="key">The log's verifier key.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="error">Why it failed.</param>
    /// <returns>Whether it verified.</returns>
    public static bool TryVerify(string? note, NoteVerifierKey key, out Checkpoint checkpoint, out string error)
    {
        checkpoint = new Checkpoint("", 0, []);
        if (!SignedNote.TryOpen(note, key, out var text, out error))
        {
            error = "the checkpoint signature does not verify: " + error;
            return false;
        }

        if (!TryParse(text, out checkpoint))
        {
            error = "the signed note is not a checkpoint";
            return false;
        }

        if (checkpoint.Origin != key.Name)
        {
            error = $"the checkpoint is for log \"{checkpoint.Origin}\", not \"{key.Name}\"";
            return false;
        }

        return true;
    }
}
