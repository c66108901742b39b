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
    public void Base32MatchesRfc4648(byte[] data, string expected)
    {
        Assert.Equal(expected, QrToken.Encode(data));
        Assert.Equal(data, QrToken.Decode(expected));
        Assert.Equal(data, QrToken.Decode(expected.ToLowerInvariant()));
    }

    [Theory]
    [InlineData("M")]
    [InlineData("MZ")]
    [InlineData("MZXW6YTBO1")]
    public void Base32RejectsInvalidText(string text) => Assert.Throws<FormatException>(() => QrToken.Decode(text));

    [Fact]
    public void ClaimsRoundTripThroughCbor()
    {
        var now = TestPki.Instance.Now;
        var claims = Seals.Claims(now, now.AddDays(365));
        var cbor = claims.ToCbor();
        Assert.Equal(0xA6, cbor[0]);
        Assert.Equal(claims, QrClaims.FromCbor(cbor));
    }

    [Fact]
    public void CreateShortensNamesWithoutSplittingCharacters()
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
    public void ExtractsTokens(string input, string expected)
    {
        Assert.True(QrToken.TryExtractToken(input, out var token));
        Assert.Equal(expected, token);
    }

    [Theory]
    [InlineData("")]
    [InlineData("https://seals.example.org/certificates/ABC")]
    [InlineData("not a token")]
    [InlineData("ABC-DEF")]
    public void RejectsNonTokens(string input) => Assert.False(QrToken.TryExtractToken(input, out _));

    [Fact]
    public void TypicalUrlFitsQrVersion10M()
    {
        var pki = TestPki.Instance;
        var claims = Seals.Claims(pki.Now, pki.Now.AddYears(2), holder: Seals.HolderMax, product: "Beispiel ERP");
        Assert.Equal(QrClaims.MaxHolderLength, claims.HolderName.Length);
        using var key = pki.Active.GetECDsaPrivateKey()!;
        var cose = QrToken.Sign(claims, key, KeyId.Raw(pki.Active));
        var url = QrToken.BuildUrl("https://seals.example.org/", cose);
        Assert.Equal(url.ToUpperInvariant(), url);
        var version = QrVersion(url);
        output.WriteLine($"COSE {cose.Length} bytes, URL {url.Length} chars, QR version {version}-M: {url}");
        Assert.True(url.Length <= 311, $"URL is {url.Length} characters");
        Assert.True(version <= 10);

        var worst = Seals.Claims(pki.Now, pki.Now.AddYears(2), holder: Seals.HolderMax, product: new string('P', 40));
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
