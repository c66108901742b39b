using QRCoder;

namespace SealService.Issuance;

/// <summary>
/// The QR code of a certificate: its verification URL (upper case, base32 token, so the encoder uses alphanumeric mode)
/// at error correction level M, which survives a scuffed or partly covered print.
/// </summary>
public static class SealQrCode
{
    public static QRCodeData Encode(string verificationUrl)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(verificationUrl);
        var content = verificationUrl.ToUpperInvariant();
        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(content, QRCodeGenerator.ECCLevel.M);
    }

    public static int Version(string verificationUrl)
    {
        using var data = Encode(verificationUrl);
        return data.Version;
    }

    public static byte[] Png(string verificationUrl, int pixelsPerModule = 8)
    {
        using var data = Encode(verificationUrl);
        using var png = new PngByteQRCode(data);
        return png.GetGraphic(pixelsPerModule);
    }

    public static string Svg(string verificationUrl)
    {
        using var data = Encode(verificationUrl);
        using var svg = new SvgQRCode(data);
        return svg.GetGraphic(8);
    }
}
