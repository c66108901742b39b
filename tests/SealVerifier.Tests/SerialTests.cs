using System.Security.Cryptography;

namespace SealVerifier.Tests;

public class SerialTests
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    private static List<Serial> Sample(int count)
    {
        var random = new Random(20261122);
        var result = new List<Serial>();
        var bytes = new byte[5];
        while (result.Count < count)
        {
            random.NextBytes(bytes);
            using var rng = new FixedRng(bytes);
            result.Add(Serial.New(result.Count % 3 == 0 ? "SMIG" : result.Count % 3 == 1 ? "SHIG" : "RWTS", rng));
        }

        return result;
    }

    [Fact]
    public void New_serial_has_the_documented_shape()
    {
        var serial = Serial.New("smig");
        Assert.Matches("^SMIG-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]$", serial.Value);
        Assert.Equal("SMIG", serial.Prefix);
        Assert.Equal(serial.Value, serial.ToString());
        Assert.True(Serial.TryParse(serial.Value, out var parsed));
        Assert.Equal(serial, parsed);
    }

    [Theory]
    [InlineData("S")]
    [InlineData("TOOLONG")]
    [InlineData("SM1G")]
    [InlineData("")]
    public void New_rejects_bad_prefixes(string prefix) => Assert.Throws<ArgumentException>(() => Serial.New(prefix));

    [Fact]
    public void Every_single_substitution_and_adjacent_swap_is_detected()
    {
        var checkedVariants = 0;
        foreach (var serial in Sample(200))
        {
            var code = serial.Value[(serial.Prefix.Length + 1)..].Replace("-", string.Empty, StringComparison.Ordinal);
            Assert.Equal(9, code.Length);
            for (var position = 0; position < code.Length; position++)
            {
                foreach (var replacement in Crockford)
                {
                    if (replacement == code[position])
                    {
                        continue;
                    }

                    var typo = code[..position] + replacement + code[(position + 1)..];
                    Assert.False(Serial.TryParse(serial.Prefix + typo, out _), $"{serial} -> {typo} not detected");
                    checkedVariants++;
                }

                if (position < code.Length - 1 && code[position] != code[position + 1])
                {
                    var swapped = code[..position] + code[position + 1] + code[position] + code[(position + 2)..];
                    Assert.False(Serial.TryParse(serial.Prefix + swapped, out _), $"{serial} -> {swapped} not detected");
                    checkedVariants++;
                }
            }
        }

        Assert.True(checkedVariants > 200 * 9 * 31);
    }

    [Fact]
    public void Suggestions_contain_the_original_for_every_typo()
    {
        foreach (var serial in Sample(50))
        {
            var code = serial.Value[(serial.Prefix.Length + 1)..].Replace("-", string.Empty, StringComparison.Ordinal);
            for (var position = 0; position < code.Length; position++)
            {
                var replacement = code[position] == 'X' ? 'Y' : 'X';
                var typo = serial.Prefix + "-" + code[..position] + replacement + code[(position + 1)..];
                Assert.Contains(serial.Value, Serial.Suggestions(typo));
                if (position < code.Length - 1 && code[position] != code[position + 1])
                {
                    var swapped = serial.Prefix + code[..position] + code[position + 1] + code[position] + code[(position + 2)..];
                    Assert.Contains(serial.Value, Serial.Suggestions(swapped));
                }
            }

            Assert.Empty(Serial.Suggestions(serial.Value));
        }
    }

    [Fact]
    public void Suggestions_repair_an_unreadable_character()
    {
        var serial = Serial.New("SMIG");
        var typo = serial.Value[..^1] + "U";
        Assert.Equal([serial.Value], Serial.Suggestions(typo));
    }

    [Fact]
    public void Parsing_is_tolerant()
    {
        var serial = Sample(1)[0];
        var compact = serial.Value.Replace("-", string.Empty, StringComparison.Ordinal);
        string[] spellings =
        [
            serial.Value.ToLowerInvariant(),
            compact,
            " " + string.Join(' ', compact.Chunk(3).Select(c => new string(c))) + " ",
            serial.Value.Replace("-", "--", StringComparison.Ordinal),
            serial.Prefix + "-" + compact[serial.Prefix.Length..].Replace('0', 'O').Replace('1', 'l'),
            serial.Prefix + compact[serial.Prefix.Length..].Replace('1', 'I').ToLowerInvariant(),
        ];
        foreach (var spelling in spellings)
        {
            Assert.True(Serial.TryParse(spelling, out var parsed), spelling);
            Assert.Equal(serial, parsed);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("SMIG")]
    [InlineData("SMIG-0000-0000")]
    [InlineData("1234-5678-9ABC-D")]
    [InlineData("SMIG-7K3Q-9XWD-U")]
    [InlineData("SMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIGSMIG")]
    public void Try_parse_rejects_junk(string? input)
    {
        Assert.False(Serial.TryParse(input, out _));
        Assert.Throws<FormatException>(() => Serial.Parse(input ?? string.Empty));
    }

    private sealed class FixedRng(byte[] bytes) : RandomNumberGenerator
    {
        public override void GetBytes(byte[] data) => GetBytes(data.AsSpan());

        public override void GetBytes(Span<byte> data) => bytes.AsSpan(0, data.Length).CopyTo(data);
    }
}
