using System.Security.Cryptography.X509Certificates;
using QRCoder;
using Xunit.Abstractions;

namespace SealVerifier.Tests;

public class QrTokenTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(new byte[0], "")]
    [InlineData(new byte[] { 0x66 }, "MY")]
    [InlineData(new byte[] { 0x66, 0x6F, 0x6F, 0x62, 0x61, 0x72 }, "MZXW6YTBOI")]
    public void Base32M_atches_RFC4648(byte[] data, string expected)
    {
        Assert.Equal(expected, QrToken.Encode(data));
        Assert.Equal(data, QrToken.Decode(expected));
        Assert.Equal(data, QrToken.Decode(expected.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("M")]
    [InlineData("MZ")]
    [InlineData("MZXW6YTBO1")]
    public void Base32R_ejects_invalid_text(string text) => Assert.Throws<FormatException>(() => QrToken.Decode(text));

    [Fact]
    public void Claims_round_trip_through_CBOR()
    {
        var now = TestPki.Instance.Now;
        var claims = Seals.Claims(now, now.AddDays(365));
        var cbor = claims.ToCbor();
        Assert.Equal(0xA5, cbor[0]);
        Assert.Equal(claims, QrClaims.FromCwt(cbor));

        var legacy = claims with { Format = QrClaims.FormatLegacy, Issuer = null };
        var legacyCbor = legacy.ToCbor();
        Assert.Equal(0xA6, legacyCbor[0]);
        Assert.Equal(legacy, QrClaims.FromCbor(legacyCbor));
        Assert.Throws<FormatException>(() => QrClaims.FromCwt(legacyCbor));
    }

    [Fact]
    public void Cwt_claims_use_the_registered_keys_and_a_tagged_COSE_sign1()
    {
        var pki = TestPki.Instance;
        var claims = Seals.Claims(pki.Now, pki.Now.AddDays(365));
        using var key = pki.Active.GetECDsaPrivateKey()!;
        var cose = QrToken.Sign(claims, key, KeyId.Raw(pki.Active));
        Assert.Equal(0xD2, cose[0]);
        Assert.Equal(QrClaims.FormatCwt, QrToken.FormatOf(cose));
        var message = System.Security.Cryptography.Cose.CoseMessage.DecodeSign1(cose);
        var reader = new System.Formats.Cbor.CborReader(message.Content!.Value);
        var registered = new Dictionary<int, object>();
        var entries = reader.ReadStartMap();
        for (var i = 0; i < entries; i++)
        {
            var label = reader.ReadInt32();
            registered[label] = reader.PeekState() switch
            {
                System.Formats.Cbor.CborReaderState.TextString => reader.ReadTextString(),
                System.Formats.Cbor.CborReaderState.UnsignedInteger => reader.ReadInt64(),
                _ => SkipAndMark(reader),
            };
        }

        Assert.Equal(Seals.Issuer, registered[1]);
        Assert.Equal(claims.Serial.Replace("-", string.Empty, StringComparison.Ordinal), registered[2]);
        Assert.Equal(claims.ValidUntil.ToUnixTimeSeconds(), registered[4]);
        Assert.Equal(claims.IssuedAt.ToUnixTimeSeconds(), registered[6]);
        Assert.Equal("array", registered[QrClaims.SealClaimKey]);
        Assert.False(registered.ContainsKey(3) || registered.ContainsKey(5));

        static object SkipAndMark(System.Formats.Cbor.CborReader reader)
        {
            reader.SkipValue();
            return "array";
        }
    }

    [Fact]
    public void Create_shortens_names_without_splitting_characters()
    {
        var holder = new string('a', QrClaims.MaxHolderLength - 1) + "😀" + "tail";
        var claims = QrClaims.Create(Serial.New("SHIG").Value, "shig", holder, new string('p', 60), DateTimeOffset.UnixEpoch.AddTicks(123_456_789), DateTimeOffset.UnixEpoch);
        Assert.Equal(new string('a', QrClaims.MaxHolderLength - 1), claims.HolderName);
        Assert.Equal(QrClaims.MaxProductLength, claims.ProductName.Length);
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(12), claims.ValidUntil);
    }

    [Theory]
    [InlineData("https://seals.example.org/V/ABC", "ABC")]
    [InlineData("HTTPS://SEALS.EXAMPLE.ORG/V/ABC234", "ABC234")]
    [InlineData("https://other.example/v/abc?utm=1", "ABC")]
    [InlineData("  MZXW6YTBOI  ", "MZXW6YTBOI")]
    public void Extracts_tokens(string input, string expected)
    {
        Assert.True(QrToken.TryExtractToken(input, out var token));
        Assert.Equal(expected, token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://seals.example.org/certificates/ABC")]
    [InlineData("not a token")]
    [InlineData("ABC-DEF")]
    public void Rejects_non_tokens(string input) => Assert.False(QrToken.TryExtractToken(input, out _));

    [Fact]
    public void Typical_URL_fits_QR_version_10_at_ECC_M()
    {
        var pki = TestPki.Instance;
        var claims = QrToken.Fit(Seals.Claims(pki.Now, pki.Now.AddYears(2), holder: Seals.HolderMax, product: "Beispiel ERP"), TestPki.ServiceUrl);
        Assert.True(claims.HolderName.Length >= 16, claims.HolderName);
        Assert.Equal("Beispiel ERP", claims.ProductName);
        var typical = QrToken.Fit(Seals.Claims(pki.Now, pki.Now.AddYears(1), holder: "Muster GmbH", product: "Muster Cloud"), TestPki.ServiceUrl);
        Assert.Equal(("Muster GmbH", "Muster Cloud"), (typical.HolderName, typical.ProductName));
        using var key = pki.Active.GetECDsaPrivateKey()!;
        var cose = QrToken.Sign(claims, key, KeyId.Raw(pki.Active));
        var url = QrToken.BuildUrl("https://seals.example.org/", cose);
        Assert.Equal(url.ToUpperInvariant(), url);
        var version = QrVersion(url);
        output.WriteLine($"COSE {cose.Length} bytes, URL {url.Length} chars, QR version {version}-M: {url}");
        Assert.True(url.Length <= 311, $"URL is {url.Length} characters");
        Assert.True(version <= 10);

        var worst = QrToken.Fit(Seals.Claims(pki.Now, pki.Now.AddYears(2), holder: Seals.HolderMax, product: new string('P', 40)), TestPki.ServiceUrl);
        var worstUrl = QrToken.BuildUrl("https://seals.example.org", QrToken.Sign(worst, key, KeyId.Raw(pki.Active)));
        output.WriteLine($"Worst case (longest holder and product names): URL {worstUrl.Length} chars, QR version {QrVersion(worstUrl)}-M");
        Assert.True(QrVersion(worstUrl) <= 10, $"worst-case URL is {worstUrl.Length} characters");
    }

    private static int QrVersion(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return data.Version;
    }
}
