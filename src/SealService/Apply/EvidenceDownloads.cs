namespace SealService.Apply;

/// <summary>
/// Evidence downloads: <c>/Apply/Evidence/{id}</c> for members of the applicant organization, <c>/Audit/Evidence/{id}</c>
/// for the assigned auditor, certifiers and admins. Anyone else gets 404, so ids of other organizations reveal nothing.
/// Every download is recorded in the audit trail.
/// </summary>
public static class EvidenceDownloads
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/Apply/Evidence/{id:guid}", (Guid id, HttpContext http, AppDbContext db, EvidenceStore store, AuditTrail audit, CancellationToken ct) =>
                DownloadAsync(id, http, db, store, audit, (actor, application) => actor.IsMemberOf(application.OrganizationId), ct))
            .RequireAuthorization(Policies.Applicant);
        endpoints.MapGet("/Audit/Evidence/{id:guid}", (Guid id, HttpContext http, AppDbContext db, EvidenceStore store, AuditTrail audit, CancellationToken ct) =>
                DownloadAsync(id, http, db, store, audit, (actor, application) =>
                    actor.IsInRole(Roles.Certifier) || actor.IsInRole(Roles.Admin) || (actor.IsInRole(Roles.Auditor) && application.AuditorId == actor.UserId), ct))
            .RequireAuthorization(Policies.Staff);
    }

    private static async Task<IResult> DownloadAsync(Guid id, HttpContext http, AppDbContext db, EvidenceStore store, AuditTrail audit, Func<Actor, SealApplication, bool> allowed, CancellationToken ct)
    {
        var actor = http.User.ToActor();
        var file = await db.EvidenceFiles.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, ct);
        var application = file is null ? null : await db.Applications.AsNoTracking().FirstOrDefaultAsync(a => a.Id == file.ApplicationId, ct);
        if (file is null || application is null || !allowed(actor, application) || !File.Exists(store.PathOf(file)))
        {
            return Results.NotFound();
        }

        audit.Record(actor, "evidence.downloaded", nameof(EvidenceFile), file.Id.ToString(),
            after: new { applicationId = application.Id, file.CriterionId, file.OriginalName, file.Sha256 });
        await db.SaveChangesAsync(ct);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(store.Open(file), file.ContentType, file.OriginalName);
    }
}
