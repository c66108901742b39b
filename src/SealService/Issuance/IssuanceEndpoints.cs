using Microsoft.EntityFrameworkCore;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Programs;
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

        var certificates = endpoints.MapGroup("/certificates/{serial}");
        certificates.MapGet("/qr.png", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.Bytes(SealQrCode.Png(VerificationUrl(c)), "image/png"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        certificates.MapGet("/qr.svg", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.Text(SealQrCode.Svg(VerificationUrl(c)), "image/svg+xml"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        certificates.MapGet("/certificate.pdf", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.File(CertificatePdf.Render(c), "application/pdf", $"{c.Serial}.pdf"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        // The badge shows live status: embedding sites revalidate it, so a suspension shows at once.
        certificates.MapGet("/badge.svg", (string serial, AppDbContext db, SealProgramCatalog programs, TimeProvider time, CancellationToken ct) =>
            WithCertificate(serial, db, c =>
            {
                var program = programs.FindProgram(c.ProgramId)?.Name.In(c.Language) ?? c.ProgramId;
                return Results.Text(SealBadge.Svg(c, program, time.GetUtcNow()), "image/svg+xml");
            }, ct))
            .CacheAsLiveStatus();

        var api = endpoints.MapGroup("/api/v1/certificates/{serial}");
        api.MapGet("/payload", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.Bytes(c.Payload, "application/json"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        api.MapGet("/signature", (string serial, AppDbContext db, CancellationToken ct) =>
            WithCertificate(serial, db, c => Results.File(c.CmsSignature, "application/pkcs7-signature", $"{c.Serial}.p7s"), ct))
            .CacheAsArtifact(TimeSpan.FromHours(1));
        return endpoints;
    }

    /// <summary>The URL inside the QR code, exactly as signed into the payload.</summary>
    public static string VerificationUrl(Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return SealPayload.Parse(certificate.Payload).VerificationUrl;
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
