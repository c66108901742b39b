using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace SealVerifier;

/// <summary>
/// A certificate serial such as <c>SMIG-7K3Q-9XWD-C</c>: a program prefix (2 to 5 letters), 8 Crockford base32 characters
/// (40 random bits) and a check character.
/// </summary>
/// <remarks>
/// The check character is the sum, in GF(2^5) with the polynomial x^5 + x^2 + 1, of the 8 body values weighted with
/// a^1 .. a^8 (a = x, a primitive element, so the weights are distinct, nonzero and never 1); the check position has weight 1.
/// Hence every single-character substitution and every adjacent transposition among the 9 characters (including the last
/// body character with the check character) changes the sum and is detected. The prefix is not covered by the check: it is
/// chosen from a short list, not typed from random characters.
/// </remarks>
public sealed record Serial
{
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private const int BodyLength = 8;
    private const int CodeLength = BodyLength + 1;
    private const int MaxInputLength = 64;

    private static readonly int[] Weights = CreateWeights();

    private Serial(string prefix, ReadOnlySpan<int> code)
    {
        Prefix = prefix;
        var builder = new StringBuilder(prefix.Length + 12);
        builder.Append(prefix).Append('-');
        for (var i = 0; i < CodeLength; i++)
        {
            if (i is 4 or 8)
            {
                builder.Append('-');
            }

            builder.Append(Alphabet[code[i]]);
        }

        Value = builder.ToString();
    }

    /// <summary>The canonical form: upper case with hyphens, e.g. <c>SMIG-7K3Q-9XWD-C</c>.</summary>
    public string Value { get; }

    /// <summary>The program prefix, e.g. <c>SMIG</c>.</summary>
    public string Prefix { get; }

    /// <summary>The canonical form without hyphens, e.g. <c>SMIG7K3Q9XWDC</c> (used inside the QR token).</summary>
    internal string Compact => Value.Replace("-", string.Empty, StringComparison.Ordinal);

    /// <summary>Creates a new random serial.</summary>
    /// <param name="prefix">The program prefix, 2 to 5 letters A to Z (lower case is upper-cased).</param>
    /// <param name="rng">Source of the 40 random bits; <see langword="null"/> uses the system's cryptographic generator.</param>
    /// <returns>A serial with a valid check character.</returns>
    /// <exception cref="ArgumentException">The prefix is not 2 to 5 letters.</exception>
    public static Serial New(string prefix, RandomNumberGenerator? rng = null)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var upper = prefix.ToUpperInvariant();
        if (!IsValidPrefix(upper))
        {
            throw new ArgumentException("A serial prefix is 2 to 5 letters A to Z.", nameof(prefix));
        }

        Span<byte> random = stackalloc byte[5];
        if (rng is null)
        {
            RandomNumberGenerator.Fill(random);
        }
        else
        {
            rng.GetBytes(random);
        }

        ulong bits = 0;
        foreach (var b in random)
        {
            bits = (bits << 8) | b;
        }

        Span<int> code = stackalloc int[CodeLength];
        for (var i = 0; i < BodyLength; i++)
        {
            code[i] = (int)((bits >> (5 * (BodyLength - 1 - i))) & 31);
        }

        code[BodyLength] = CheckValue(code[..BodyLength]);
        return new Serial(upper, code);
    }

    /// <summary>
    /// Reads a serial as a person may type it: any case, hyphens and spaces missing or extra, and the Crockford confusables
    /// O (read as 0) and I, L (read as 1) in the random part.
    /// </summary>
    /// <param name="input">The typed text.</param>
    /// <param name="serial">The serial in canonical form when the method returns <see langword="true"/>.</param>
    /// <returns><see langword="true"/> if the input is a well-formed serial whose check character is right.</returns>
    public static bool TryParse(string? input, [MaybeNullWhen(false)] out Serial serial)
    {
        serial = null;
        if (!TryNormalize(input, out var prefix, out var code) || code.Contains(-1) || !IsConsistent(code))
        {
            return false;
        }

        serial = new Serial(prefix, code);
        return true;
    }

    /// <summary>Reads a serial like <see cref="TryParse"/> but throws when it is not valid.</summary>
    /// <param name="input">The typed text.</param>
    /// <returns>The serial.</returns>
    /// <exception cref="FormatException">The input is not a valid serial.</exception>
    public static Serial Parse(string input)
        => TryParse(input, out var serial) ? serial : throw new FormatException("Not a valid seal serial.");

    /// <summary>
    /// For a typed serial that fails the check, the valid serials that one character substitution or one swap of two
    /// neighbouring characters away. Intersect them with the known serials to offer "did you mean ...".
    /// </summary>
    /// <param name="input">The typed text.</param>
    /// <returns>Canonical serial strings, distinct, in a stable order; empty when the input is valid or not shaped like a serial.</returns>
    public static IReadOnlyList<string> Suggestions(string? input)
    {
        if (!TryNormalize(input, out var prefix, out var code))
        {
            return [];
        }

        var unreadable = code.Count(static v => v < 0);
        if (unreadable == 0 && IsConsistent(code))
        {
            return [];
        }

        var results = new List<string>();
        if (unreadable > 1)
        {
            return results;
        }

        var candidate = new int[CodeLength];
        for (var position = 0; position < CodeLength; position++)
        {
            if (unreadable == 1 && code[position] >= 0)
            {
                continue;
            }

            code.CopyTo(candidate, 0);
            for (var value = 0; value < Alphabet.Length; value++)
            {
                if (value == code[position])
                {
                    continue;
                }

                candidate[position] = value;
                if (IsConsistent(candidate))
                {
                    AddDistinct(results, new Serial(prefix, candidate).Value);
                }
            }
        }

        if (unreadable == 0)
        {
            for (var position = 0; position < CodeLength - 1; position++)
            {
                code.CopyTo(candidate, 0);
                (candidate[position], candidate[position + 1]) = (candidate[position + 1], candidate[position]);
                if (IsConsistent(candidate))
                {
                    AddDistinct(results, new Serial(prefix, candidate).Value);
                }
            }
        }

        return results;
    }

    /// <summary>Returns <see cref="Value"/>.</summary>
    /// <returns>The canonical serial.</returns>
    public override string ToString() => Value;

    internal static bool IsValidPrefix(string prefix)
        => prefix.Length is >= 2 and <= 5 && prefix.All(static c => c is >= 'A' and <= 'Z');

    private static void AddDistinct(List<string> results, string value)
    {
        if (!results.Contains(value))
        {
            results.Add(value);
        }
    }

    private static bool TryNormalize(string? input, out string prefix, out int[] code)
    {
        prefix = string.Empty;
        code = [];
        if (input is null || input.Length > MaxInputLength)
        {
            return false;
        }

        var compact = new StringBuilder(input.Length);
        foreach (var c in input)
        {
            if (c != '-' && !char.IsWhiteSpace(c))
            {
                compact.Append(char.ToUpperInvariant(c));
            }
        }

        if (compact.Length < 2 + CodeLength || compact.Length > 5 + CodeLength)
        {
            return false;
        }

        var text = compact.ToString();
        prefix = text[..^CodeLength];
        if (!IsValidPrefix(prefix))
        {
            return false;
        }

        code = new int[CodeLength];
        for (var i = 0; i < CodeLength; i++)
        {
            var c = text[text.Length - CodeLength + i] switch
            {
                'O' => '0',
                'I' or 'L' => '1',
                var other => other,
            };
            code[i] = Alphabet.IndexOf(c, StringComparison.Ordinal);
        }

        return true;
    }

    private static bool IsConsistent(ReadOnlySpan<int> code) => CheckValue(code[..BodyLength]) == code[BodyLength];

    private static int CheckValue(ReadOnlySpan<int> body)
    {
        var sum = 0;
        for (var i = 0; i < BodyLength; i++)
        {
            sum ^= Multiply(Weights[i], body[i]);
        }

        return sum;
    }

    private static int[] CreateWeights()
    {
        var weights = new int[BodyLength];
        var power = 1;
        for (var i = 0; i < BodyLength; i++)
        {
            power = Multiply(power, 2);
            weights[i] = power;
        }

        return weights;
    }

    /// <summary>Multiplication in GF(2^5) modulo x^5 + x^2 + 1.</summary>
    private static int Multiply(int a, int b)
    {
        var product = 0;
        while (b != 0)
        {
            if ((b & 1) != 0)
            {
                product ^= a;
            }

            b >>= 1;
            a <<= 1;
            if ((a & 32) != 0)
            {
                a ^= 0b100101;
            }
        }

        return product;
    }
}
