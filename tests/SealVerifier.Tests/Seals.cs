using System.Security.Cryptography.X509Certificates;

namespace SealVerifier.Tests;

/// <summary>Builds signed test seals in both forms.</summary>
internal static class Seals
{
    public const string HolderMax = "Softwarehaus Nordlicht GmbH & Co";

    public static SealPayload Payload(X509Certificate2 key, DateTimeOffset issuedAt, DateTimeOffset validFrom, DateTimeOffset validUntil, string? serial = null) => new(
        1,
        serial ?? Serial.New("SMIG").Value,
        new ProgramRef("smig", "Software Made in Germany", "2025.1", "sha256:" + new string('a', 64)),
        new HolderRef("Beispiel Software GmbH", "HRB 12345 Amtsgericht Musterstadt", "DE", "https://beispiel.example"),
        new ProductRef("Beispiel ERP", "5.x"),
        "Beispiel ERP 5.x, cloud and on-premises editions",
        ["SMIG-1", "SMIG-2", "SMIG-3"],
        issuedAt,
        validFrom,
        validUntil,
        new IssuerRef(TestPki.IssuerName, KeyId.FromCertificate(key)),
        TestPki.ServiceUrl + "/v/");

    public static (byte[] Payload, byte[] Signature) Detached(SealPayload payload, X509Certificate2 key)
    {
        var bytes = payload.ToCanonicalJson();
        return (bytes, CmsSeal.SignDetached(bytes, key, payload.IssuedAt));
    }

    public static (byte[] Payload, byte[] Signature) Detached(X509Certificate2 key, DateTimeOffset issuedAt, DateTimeOffset validFrom, DateTimeOffset validUntil)
        => Detached(Payload(key, issuedAt, validFrom, validUntil), key);

    public static QrClaims Claims(DateTimeOffset issuedAt, DateTimeOffset validUntil, string? serial = null, string holder = HolderMax, string product = "Beispiel ERP")
        => QrClaims.Create(serial ?? Serial.New("SMIG").Value, "smig", holder, product, validUntil, issuedAt, Issuer);

    /// <summary>The CWT iss the service writes: its public host name.</summary>
    public const string Issuer = "seals.example.org";

    public static string QrUrl(QrClaims claims, X509Certificate2 key, byte[]? kid = null)
    {
        using var ecdsa = key.GetECDsaPrivateKey()!;
        return QrToken.BuildUrl(TestPki.ServiceUrl, QrToken.Sign(claims, ecdsa, kid ?? KeyId.Raw(key)));
    }

    public static string QrUrl(X509Certificate2 key, DateTimeOffset issuedAt, DateTimeOffset validUntil)
        => QrUrl(Claims(issuedAt, validUntil), key);
}

/// <summary>A status source that answers from a dictionary.</summary>
internal sealed class FakeStatusSource(Func<string, LiveStatus?> answer) : ICertificateStatusSource
{
    public int Calls { get; private set; }

    public Task<LiveStatus?> GetStatusAsync(string serial, CancellationToken ct)
    {
        Calls++;
        return Task.FromResult(answer(serial));
    }
}

/// <summary>An HTTP handler that answers from a function.</summary>
internal sealed class FakeHttpHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<Uri> Requests { get; } = [];

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request.RequestUri!);
        return Task.FromResult(answer(request));
    }
}
