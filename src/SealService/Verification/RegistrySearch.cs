using Microsoft.EntityFrameworkCore;
using SealService.Data;
using SealService.Domain;

namespace SealService.Verification;

public sealed record RegistryQuery(string? Text, string? Program, string? Country, int Page, bool IncludeInactive);

public sealed record RegistryEntry(string Serial, string HolderName, string HolderCountry, string ProductName, string ProgramId,
    DateTimeOffset ValidUntil, string Status, string QrToken);

public sealed record RegistryPage(IReadOnlyList<RegistryEntry> Entries, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The public registry of certified products: active and suspended seals, or every seal with <see cref="RegistryQuery.IncludeInactive"/>.</summary>
public sealed class RegistrySearch(AppDbContext db, TimeProvider time)
{
    public const int PageSize = 20;
    private const int MaxTextLength = 100;

    public async Task<RegistryPage> SearchAsync(RegistryQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow();
        var certificates = db.Certificates.AsNoTracking();
        if (!query.IncludeInactive)
        {
            certificates = certificates.Where(c => (c.Status == CertificateStatus.Active || c.Status == CertificateStatus.Suspended) && c.ValidUntil >= now);
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            text = (text.Length > MaxTextLength ? text[..MaxTextLength] : text).ToLowerInvariant();
            // Lower-cased on both sides so the search ignores case on SQLite and PostgreSQL alike.
            var pattern = "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            certificates = certificates.Where(c => EF.Functions.Like(c.HolderName.ToLower(), pattern, "\\")
                || EF.Functions.Like(c.ProductName.ToLower(), pattern, "\\")
                || EF.Functions.Like(c.Serial.ToLower(), pattern, "\\"));
        }

        if (!string.IsNullOrWhiteSpace(query.Program))
        {
            var program = query.Program.Trim().ToLowerInvariant();
            certificates = certificates.Where(c => c.ProgramId == program);
        }

        if (!string.IsNullOrWhiteSpace(query.Country))
        {
            var country = query.Country.Trim().ToUpperInvariant();
            certificates = certificates.Where(c => c.HolderCountry == country);
        }

        var total = await certificates.CountAsync(ct);
        var page = Math.Clamp(query.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var rows = await certificates
            .OrderBy(c => c.HolderName).ThenBy(c => c.ProductName).ThenBy(c => c.Serial)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .ToListAsync(ct);
        var entries = rows.Select(c => new RegistryEntry(c.Serial, c.HolderName, c.HolderCountry, c.ProductName, c.ProgramId, c.ValidUntil, c.PublicStatusAt(now), c.QrToken)).ToList();
        return new RegistryPage(entries, page, PageSize, total);
    }

    /// <summary>Countries that appear in the registry, for the filter.</summary>
    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct) =>
        await db.Certificates.AsNoTracking().Select(c => c.HolderCountry).Distinct().OrderBy(c => c).ToListAsync(ct);
}
