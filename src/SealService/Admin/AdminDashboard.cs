namespace SealService.Admin;

/// <summary>The small counts on the admin start page: accounts per role, applications and certificates per status.</summary>
public sealed class AdminDashboard(AppDbContext db)
{
    /// <summary>English label (translation key) of a stored certificate status.</summary>
    public static string CertificateStatusLabel(CertificateStatus status) => StatusLabels.Of(status);

    public async Task<AdminCounts> CountAsync(CancellationToken ct = default)
    {
        var roles = await (from ur in db.UserRoles
                           join r in db.Roles on ur.RoleId equals r.Id
                           group ur by r.Name into g
                           select new { Role = g.Key!, Count = g.Count() }).ToListAsync(ct);
        var applications = await db.Applications.AsNoTracking().GroupBy(a => a.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        var certificates = await db.Certificates.AsNoTracking().GroupBy(c => c.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToListAsync(ct);
        return new AdminCounts(
            await db.Users.CountAsync(ct),
            Roles.All.Select(r => new Count<string>(r, roles.FirstOrDefault(x => x.Role == r)?.Count ?? 0)).ToList(),
            Enum.GetValues<ApplicationStatus>().Select(s => new Count<ApplicationStatus>(s, applications.FirstOrDefault(x => x.Status == s)?.Count ?? 0)).ToList(),
            Enum.GetValues<CertificateStatus>().Select(s => new Count<CertificateStatus>(s, certificates.FirstOrDefault(x => x.Status == s)?.Count ?? 0)).ToList());
    }
}

public sealed record Count<T>(T Key, int Value);

public sealed record AdminCounts(int Users, IReadOnlyList<Count<string>> UsersPerRole, IReadOnlyList<Count<ApplicationStatus>> ApplicationsPerStatus, IReadOnlyList<Count<CertificateStatus>> CertificatesPerStatus);
