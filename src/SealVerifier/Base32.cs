namespace SealVerifier;

/// <summary>RFC 4648 base32 (alphabet A-Z 2-7), upper case, without padding.</summary>
internal static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    internal static string Encode(ReadOnlySpan<byte> data)
    {
        var output = new char[(data.Length * 8 + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                output[index++] = Alphabet[(buffer >> bits) & 31];
            }
        }

        if (bits > 0)
        {
            output[index++] = Alphabet[(buffer << (5 - bits)) & 31];
        }

        return new string(output, 0, index);
    }

    /// <summary>Decodes case-insensitively; trailing '=' padding is tolerated. Non-zero leftover bits are rejected.</summary>
    internal static byte[] Decode(string text)
    {
        var trimmed = text.AsSpan().TrimEnd('=');
        var remainder = trimmed.Length % 8;
        if (remainder is 1 or 3 or 6)
        {
            throw new FormatException("Invalid base32 length.");
        }

        var output = new byte[trimmed.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var index = 0;
        foreach (var c in trimmed)
        {
            var value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => throw new FormatException("Invalid base32 character."),
            };
            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                output[index++] = (byte)(buffer >> bits);
            }
        }

        if ((buffer & ((1 << bits) - 1)) != 0)
        {
            throw new FormatException("Invalid base32 padding bits.");
        }

        return output;
    }
}
