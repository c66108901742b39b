using Microsoft.AspNetCore.Localization;
using SealService.Keys;
using SealVerifier;

namespace SealService.Issuance;

/// <summary>
/// The public, anonymous artifacts of a certificate (part of the versioned public contract, see ARCHITECTURE.md):
/// trust list and root, canonical payload and detached signature, QR code, printable PDF, live badge.
/// </summary>
public static class IssuanceEndpoints
{
    public static IEndpointRouteBuilder MapIssuanceEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        // Static artifacts may be cached; anything that states a seal's status is revalidated on every use (HttpCaching).
        endpoints.MapGet("/.well-known/seal-trust-list.json", (TrustListPublisher publisher) =>
            Results.Bytes(publisher.SignedDocument(), "application/json"))
            .CacheAsArtifact(TimeSpan.FromMinutes(5));
        endpoints.MapGet("/.well-known/seal-root.pem", (TrustListPublisher publisher) =>
            Results.Text(publisher.RootCertificatePem(), "application/x-pem-file"))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        // The current trust list format: a compact JWS by the root with exp and a growing sequence (public contract v2).
        endpoints.MapGet("/.well-known/seal-trust-list.jwt", (TrustListPublisher publisher) =>
            Results.Bytes(System.Text.Encoding.ASCII.GetBytes(publisher.Jws()), "application/jwt"))
            .WithSummary("Trust list (current format): compact JWS by the root, ES384, x5c = root, iat/exp (at most 7 days), growing sequence")
            .Produces<string>(StatusCodes.Status200OK, "application/jwt")
            .CacheAsArtifact(TimeSpan.FromMinutes(5));
        endpoints.MapGet(KeyStoreLocation.RootCrlPath, (RootCrlPublisher crl) => Results.Bytes(crl.Crl(), "application/pkix-crl"))
            .WithSummary("The root's CRL (RFC 5280, DER): compromised issuing certificates")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/pkix-crl")
            .CacheAsArtifact(TimeSpan.FromMinutes(5));

        StatusListEndpoints.MapStatusListEndpoints(endpoints);

        var certificates = endpoints.MapGroup("/certificates/{serial}");
        certificates.MapGet("/qr.png", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.Bytes(SealQrCode.Png(VerificationUrl(c)), "image/png"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        certificates.MapGet("/qr.svg", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.Text(SealQrCode.Svg(VerificationUrl(c)), "image/svg+xml"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        // Rendered with the live status: a suspended, revoked, expired or superseded seal's PDF says so in a banner, so the
        // PDF states a status and is revalidated like the badge. In the certificate's language, or ?lang= one of the program's.
        certificates.MapGet("/certificate.pdf", (string serial, string? lang, AppDbContext db, CertificateLanguages languages, TimeProvider time, CancellationToken ct) =>
            WithCertificate(serial, db, c => Pdf(c, lang, languages, time.GetUtcNow()), ct))
            .CacheAsLiveStatus();
        // The badge shows live status: embedding sites revalidate it, so a suspension shows at once. It speaks the reader's
        // language (?lang=, else the request's culture: Accept-Language or the language cookie, else the certificate's).
        certificates.MapGet("/badge.svg", (HttpContext http, string serial, string? lang, AppDbContext db, SealProgramCatalog programs, TimeProvider time, CancellationToken ct) =>
            WithCertificate(serial, db, c =>
            {
                var language = BadgeLanguage(http, lang, c);
                // Caches store one badge per language; being revalidated on every use (ETag), a badge never reaches a reader in another language for long.
                http.Response.Headers.Vary = "Accept-Language";
                var program = programs.FindProgram(c.ProgramId)?.Name.In(language) ?? c.ProgramId;
                return Results.Text(SealBadge.Svg(c, program, time.GetUtcNow(), language), "image/svg+xml");
            }, ct))
            .CacheAsLiveStatus();

        var api = endpoints.MapGroup("/api/v1/certificates/{serial}");
        api.MapGet("/payload", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.Bytes(c.Payload, "application/json"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        api.MapGet("/signature", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.File(c.CmsSignature, "application/pkcs7-signature", $"{c.Serial}.p7s"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        // The credential signed and self-checked at issuance, stored with the certificate (certificates issued before that: signed
        // on request by the active key). Its status lives in the status lists, not in this document.
        api.MapGet("/credential", (string serial, AppDbContext db, SealCredential credential, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.File(System.Text.Encoding.ASCII.GetBytes(credential.Serve(c)), "application/vc+jwt", $"{c.Serial}.jwt"), ct))
            .WithSummary("Wallet credential: OpenBadgeCredential (W3C VC 2.0, Open Badges 3.0) as vc+jwt, ES256 by an issuing key, with credentialStatus entries")
            .Produces<string>(StatusCodes.Status200OK, "application/vc+jwt")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .CacheAsLiveStatus();
        return endpoints;
    }

    /// <summary>The URL inside the QR code, exactly as signed into the payload.</summary>
    public static string VerificationUrl(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SealPayload.Parse(certificate.Payload).VerificationUrl;
    }

    private static IResult Pdf(Certificate certificate, string? lang, CertificateLanguages languages, DateTimeOffset now)
    {
        var language = string.IsNullOrWhiteSpace(lang) ? certificate.Language : lang.Trim().ToLowerInvariant();
        if (!languages.TryWording(certificate, language, out var wording))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Language not offered",
                detail: $"The certificate {certificate.Serial} is offered in: {string.Join(", ", languages.Of(certificate))}.");
        }

        var file = wording is null ? $"{certificate.Serial}.pdf" : $"{certificate.Serial}-{language}.pdf";
        return Results.File(CertificatePdf.Render(certificate, now, wording), "application/pdf", file);
    }

    private static string BadgeLanguage(HttpContext http, string? lang, Certificate certificate)
    {
        var asked = lang?.Trim().ToLowerInvariant();
        if (asked is not null && CertificateTexts.Languages.Contains(asked))
        {
            return asked;
        }

        // A request that names no language (no provider matched) gets the certificate's own, as before.
        return http.Features.Get<IRequestCultureFeature>()?.Provider is null ? certificate.Language : UiText.CurrentLanguage;
    }

    private static async Task<IResult> WithCertificate(string serial, AppDbContext db, Func<Certificate, IResult> found, CancellationToken ct)
    {
        var certificate = Serial.TryParse(serial, out var parsed)
            ? await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.Serial == parsed.Value, ct)
            : null;
        return certificate is null
            ? Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown certificate", detail: $"No certificate with serial number '{serial}' was issued here.")
            : found(certificate);
    }
}
