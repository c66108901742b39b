using System.Text;

namespace SealVerifier.Tests;

public class CanonicalJsonTests
{
    private static string Canon(string json) => Encoding.UTF8.GetString(CanonicalJson.Canonicalize(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void RFC8785_section_3_2_3_example()
    {
        const string input = """
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """;
        const string expected = """{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}""";
        Assert.Equal(expected, Canon(input));
    }

    [Fact]
    public void RFC8785_sorting_example()
    {
        const string input = """
            {
              "\u20ac": "Euro Sign",
              "\r": "Carriage Return",
              "\ufb33": "Hebrew Letter Dalet With Dagesh",
              "1": "One",
              "\ud83d\ude00": "Emoji: Grinning Face",
              "\u0080": "Control",
              "\u00f6": "Latin Small Letter O With Diaeresis"
            }
            """;
        const string expected = "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\u0080\":\"Control\",\"ö\":\"Latin Small Letter O With Diaeresis\",\"€\":\"Euro Sign\",\"😀\":\"Emoji: Grinning Face\",\"\ufb33\":\"Hebrew Letter Dalet With Dagesh\"}";
        Assert.Equal(expected, Canon(input));
    }

    [Theory]
    [InlineData(0x0000000000000000UL, "0")]
    [InlineData(0x8000000000000000UL, "0")]
    [InlineData(0x0000000000000001UL, "5e-324")]
    [InlineData(0x8000000000000001UL, "-5e-324")]
    [InlineData(0x7fefffffffffffffUL, "1.7976931348623157e+308")]
    [InlineData(0xffefffffffffffffUL, "-1.7976931348623157e+308")]
    [InlineData(0x4340000000000000UL, "9007199254740992")]
    [InlineData(0xc340000000000000UL, "-9007199254740992")]
    [InlineData(0x4430000000000000UL, "295147905179352830000")]
    [InlineData(0x44b52d02c7e14af5UL, "9.999999999999997e+22")]
    [InlineData(0x44b52d02c7e14af6UL, "1e+23")]
    [InlineData(0x44b52d02c7e14af7UL, "1.0000000000000001e+23")]
    [InlineData(0x444b1ae4d6e2ef4eUL, "999999999999999700000")]
    [InlineData(0x444b1ae4d6e2ef4fUL, "999999999999999900000")]
    [InlineData(0x444b1ae4d6e2ef50UL, "1e+21")]
    [InlineData(0x3eb0c6f7a0b5ed8cUL, "9.999999999999997e-7")]
    [InlineData(0x3eb0c6f7a0b5ed8dUL, "0.000001")]
    [InlineData(0x41b3de4355555553UL, "333333333.3333332")]
    [InlineData(0x41b3de4355555554UL, "333333333.33333325")]
    [InlineData(0x41b3de4355555555UL, "333333333.3333333")]
    [InlineData(0x41b3de4355555556UL, "333333333.3333334")]
    [InlineData(0x41b3de4355555557UL, "333333333.33333343")]
    [InlineData(0xbecbf647612f3696UL, "-0.0000033333333333333333")]
    [InlineData(0x43143ff3c1cb0959UL, "1424953923781206.2")]
    public void Numbers_follow_RFC8785_appendix_B(ulong bits, string expected)
    {
        var value = BitConverter.UInt64BitsToDouble(bits);
        Assert.Equal(expected, CanonicalJson.FormatNumber(value));
        Assert.Equal(expected, Canon(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("""{ "b" : 1 , "a" : [ 1 , 2 ] }""", """{"a":[1,2],"b":1}""")]
    [InlineData("""{"a":{"z":true,"y":null}}""", """{"a":{"y":null,"z":true}}""")]
    [InlineData("\"\\u0001\\b\\f\\n\\r\\t\\u001f\"", "\"\\u0001\\b\\f\\n\\r\\t\\u001f\"")]
    [InlineData("\"\\u00e9\\u002f\"", "\"é/\"")]
    [InlineData("[100, 1.0, -0, 1e2]", "[100,1,0,100]")]
    public void Canonicalizes_whitespace_order_and_escapes(string input, string expected) => Assert.Equal(expected, Canon(input));

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("""{"a":1,"a":2}""")]
    [InlineData("[1e400]")]
    [InlineData("{} {}")]
    [InlineData("[1,]")]
    [InlineData("\"\\ud800\"")]
    public void Rejects_invalid_input(string input) => Assert.Throws<FormatException>(() => Canon(input));

    [Theory]
    [InlineData("""{"a":[1,2],"b":1}""")]
    [InlineData("""{ "b" : 1 , "a" : [ 1 , 2 ] }""")]
    [InlineData("""{"b":1,"a":2}""")]
    [InlineData("""{"a":1,"a":1}""")]
    [InlineData("""{"a":{"y":null,"z":true},"b":{"a":false}}""")]
    [InlineData("""{"a":{"z":true,"y":null}}""")]
    [InlineData("""{"a":{"b":1},"a":2}""")]
    [InlineData("""{"ab":1,"b":2,"ba":3}""")]
    [InlineData("""{"b":1,"ab":2}""")]
    [InlineData("""{"é":1,"z":2}""")]
    [InlineData("""{"z":1,"é":2}""")]
    [InlineData("""{"a":"é/€😀"}""")]
    [InlineData("""{"a":"\u00e9"}""")]
    [InlineData("""{"a":"\n\"\\"}""")]
    [InlineData("\"\\u0001\"")]
    [InlineData("[100,1.0,-0,1e2]")]
    [InlineData("[100,1,0,100]")]
    [InlineData("[-0]")]
    [InlineData("[0,-1,123456789012345,-123456789012345]")]
    [InlineData("[1234567890123456]")]
    [InlineData("[12345678901234567890]")]
    [InlineData("[1.5,0.002,1e+30]")]
    [InlineData("[1]\n")]
    [InlineData("\n[1]")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("true")]
    [InlineData("[1,]")]
    [InlineData("{} {}")]
    [InlineData("")]
    [InlineData("\"\\ud800\"")]
    public void IsCanonical_says_exactly_whether_canonicalizing_changes_the_text(string input)
    {
        var bytes = Encoding.UTF8.GetBytes(input);
        byte[] canonical;
        try
        {
            canonical = CanonicalJson.Canonicalize(bytes);
        }
        catch (FormatException)
        {
            Assert.Throws<FormatException>(() => CanonicalJson.IsCanonical(bytes));
            Assert.False(CanonicalJson.IsPlainlyCanonical(bytes));
            return;
        }

        var expected = canonical.AsSpan().SequenceEqual(bytes);
        Assert.Equal(expected, CanonicalJson.IsCanonical(bytes));
        // The one-pass check never claims more than canonicalizing shows.
        Assert.True(expected || !CanonicalJson.IsPlainlyCanonical(bytes));
    }

    [Fact]
    public void A_seal_payload_is_shown_canonical_in_one_pass()
    {
        var pki = TestPki.Instance;
        var json = Seals.Payload(pki.Active, pki.Now, pki.Now, pki.Now.AddDays(365)).ToCanonicalJson();
        Assert.True(CanonicalJson.IsPlainlyCanonical(json));
        Assert.False(CanonicalJson.IsPlainlyCanonical(json.AsSpan(0, json.Length - 1)));
    }

    [Fact]
    public void Serialize_rejects_NaN()
    {
        Assert.Throws<FormatException>(() => CanonicalJson.Serialize(new { x = double.NaN }));
        Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(new { x = 1.0 }, new System.Text.Json.JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
    }

    [Fact]
    public void Serialize_sorts_members()
        => Assert.Equal("""{"a":2.5,"b":"x"}""", Encoding.UTF8.GetString(CanonicalJson.Serialize(new { b = "x", a = 2.5 })));

    [Fact]
    public void Payload_round_trips_through_canonical_JSON()
    {
        var pki = TestPki.Instance;
        var payload = Seals.Payload(pki.Active, pki.Now.AddMilliseconds(-1234), pki.Now, pki.Now.AddDays(365));
        var json = payload.ToCanonicalJson();
        var text = Encoding.UTF8.GetString(json);
        Assert.Equal(json, CanonicalJson.Canonicalize(json));
        Assert.StartsWith("{\"criteriaMet\":[\"SMIG-1\"", text, StringComparison.Ordinal);
        Assert.Contains("\"v\":1", text, StringComparison.Ordinal);
        Assert.Matches("\"issuedAt\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\"", text);
        var parsed = SealPayload.Parse(json);
        Assert.Equal(json, parsed.ToCanonicalJson());
        Assert.Equal(payload.Serial, parsed.Serial);
        Assert.Equal(payload.Holder, parsed.Holder);
    }

    [Fact]
    public void Payload_omits_null_website()
    {
        var pki = TestPki.Instance;
        var payload = Seals.Payload(pki.Active, pki.Now, pki.Now, pki.Now.AddDays(1));
        payload = payload with { Holder = payload.Holder with { Website = null } };
        var json = payload.ToCanonicalJson();
        Assert.DoesNotContain("website", Encoding.UTF8.GetString(json), StringComparison.Ordinal);
        Assert.Null(SealPayload.Parse(json).Holder.Website);
    }

    [Theory]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("""{"v":1}""")]
    [InlineData("""{"v":2,"serial":"x"}""")]
    public void Payload_parse_throws_format_exception(string json)
        => Assert.Throws<FormatException>(() => SealPayload.Parse(Encoding.UTF8.GetBytes(json)));
}
