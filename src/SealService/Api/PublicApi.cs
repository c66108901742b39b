using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using SealService.Registry;
using SealService.Verify;
using SealVerifier;

namespace SealService.Api;

/// <summary>
/// The public JSON API under /api/v1. Every answer states a status, so caches must revalidate it on each use (see
/// <see cref="HttpCaching"/>): a stale "active" cannot outlive a revocation.
/// </summary>
public static class PublicApi
{

    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/v1").WithTags("Public verification");
        api.MapGet("/certificates/{serial}", GetCertificateAsync)
            .WithName("GetCertificate")
            .CacheAsLiveStatus()
            .WithSummary("Status and details of a certificate")
            .WithDescription("The serial may be typed loosely (any case, hyphens optional). 400 for a malformed serial, 404 for one this service did not issue.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/verify", VerifyAsync)
            .WithName("VerifyQrCode")
            .CacheAsLiveStatus()
            .WithSummary("Verify a scanned QR code URL (or bare token) with the same code as the sealverify tool, including live status")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/registry", SearchRegistryAsync)
            .WithName("SearchRegistry")
            .CacheAsLiveStatus()
            .WithSummary("The public registry of certified products, 20 per page")
            .WithDescription("Revoked, expired and superseded certificates are left out unless includeInactive=true. q matches whole words and word beginnings "
                + "in holder, product and serial, without regard to case or accents; all words must match. Above 1,000 matches total is a lower bound "
                + "(totalIsExact=false); page on while hasNextPage is true.")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        return endpoints;
    }

    private static async Task<Results<Ok<CertificateResponse>, ProblemHttpResult>> GetCertificateAsync(
        string serial, DbCertificateStatusSource status, PublicLinks links, TimeProvider time, CancellationToken ct)
    {
        if (!Serial.TryParse(serial, out var parsed))
        {
            return TypedResults.Problem(title: "Not a seal serial", detail: $"'{Shorten(serial)}' is not a valid seal serial (such as SMIG-7K3Q-9XWD-C).", statusCode: StatusCodes.Status400BadRequest);
        }

        var certificate = await status.FindAsync(parsed.Value, ct);
        if (certificate is null)
        {
            return TypedResults.Problem(title: "Unknown certificate", detail: $"This service has not issued a certificate with the serial {parsed.Value}.", statusCode: StatusCodes.Status404NotFound);
        }

        var now = time.GetUtcNow();
        var live = DbCertificateStatusSource.StatusOf(certificate, now);
        var payload = SealPayload.Parse(certificate.Payload);
        return TypedResults.Ok(new CertificateResponse
        {
            Serial = certificate.Serial,
            Status = certificate.PublicStatusAt(now),
            StatusSince = live.Since,
            StatusReason = live.Reason,
            Holder = new HolderResponse { Name = payload.Holder.Name, RegistrationNumber = payload.Holder.RegistrationNumber, Country = payload.Holder.Country, Website = payload.Holder.Website },
            Product = new ProductResponse { Name = payload.Product.Name, Version = payload.Product.Version },
            Program = new ProgramResponse { Id = payload.Program.Id, Name = payload.Program.Name, CatalogVersion = payload.Program.CatalogVersion },
            ValidFrom = payload.ValidFrom,
            ValidUntil = payload.ValidUntil,
            Issuer = new IssuerResponse { Name = payload.Issuer.Name, KeyId = payload.Issuer.KeyId },
            VerificationUrl = links.QrLandingUrl(certificate.QrToken),
            CheckedAt = now,
        });
    }

    private static async Task<Results<Ok<VerificationResponse>, ProblemHttpResult>> VerifyAsync(
        [FromQuery] string? url, PublicVerifier verifier, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return TypedResults.Problem(title: "Nothing to verify", detail: "Pass the scanned QR code URL (or its token) as ?url=...", statusCode: StatusCodes.Status400BadRequest);
        }

        var result = await verifier.VerifyQrAsync(url, ct);
        var statement = result.Statement;
        return TypedResults.Ok(new VerificationResponse
        {
            Verdict = JsonNamingPolicy.CamelCase.ConvertName(statement.Verdict.ToString()),
            IsValid = statement.IsValid,
            Serial = statement.Serial,
            Claims = statement.Claims is { } c
                ? new ClaimsResponse { Serial = c.Serial, Program = c.ProgramId, Holder = c.HolderName, Product = c.ProductName, ValidUntil = c.ValidUntil, IssuedAt = c.IssuedAt }
                : null,
            Reasons = statement.Reasons,
            Status = statement.Status is { } s
                ? new LiveStatusResponse { State = s.State.ToString().ToLowerInvariant(), Since = s.Since, Reason = s.Reason }
                : null,
            SigningKey = statement.SigningKey is { } k ? new SigningKeyResponse { KeyId = k.KeyId, State = k.State } : null,
            CheckedAt = statement.CheckedAt,
        });
    }

    private static async Task<Ok<RegistryResponse>> SearchRegistryAsync(
        RegistrySearch registry, SealProgramCatalog programs, PublicLinks links, CancellationToken ct,
        [FromQuery] string? q = null, [FromQuery] string? program = null, [FromQuery] string? country = null,
        [FromQuery] int page = 1, [FromQuery] bool includeInactive = false)
    {
        var result = await registry.SearchAsync(new RegistryQuery(q, program, country, page, includeInactive), ct);
        return TypedResults.Ok(new RegistryResponse
        {
            Page = result.Page,
            PageSize = result.PageSize,
            Total = result.Total,
            TotalIsExact = result.TotalIsExact,
            HasNextPage = result.HasNextPage,
            Items = result.Entries.Select(e => new RegistryItemResponse
            {
                Serial = e.Serial,
                Holder = e.HolderName,
                Country = e.HolderCountry,
                Product = e.ProductName,
                ProgramId = e.ProgramId,
                ProgramName = programs.FindProgram(e.ProgramId)?.Name.In("en") ?? e.ProgramId,
                ValidUntil = e.ValidUntil,
                Status = e.Status,
                VerificationUrl = links.QrLandingUrl(e.QrToken),
                StatusUrl = $"{links.BaseUrl}/api/v1/certificates/{e.Serial}",
            }).ToList(),
        });
    }

    private static string Shorten(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
