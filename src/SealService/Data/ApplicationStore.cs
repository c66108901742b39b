namespace SealService.Data;

/// <summary>Loads a whole application aggregate and saves it with an optimistic-concurrency check.</summary>
public sealed class ApplicationStore(AppDbContext db)
{
    public const string StaleMessage = "Someone else changed this application in the meantime. Reload the page and try again.";

    public Task<SealApplication?> LoadAsync(Guid id, CancellationToken ct = default) =>
        Whole(db.Applications).FirstOrDefaultAsync(a => a.Id == id, ct);

    /// <summary>The applications with everything the aggregate holds (organization, declarations, evidence, revisions, assessments, change requests).</summary>
    public static IQueryable<SealApplication> Whole(IQueryable<SealApplication> applications) =>
        applications
            .Include(a => a.Organization)
            .Include(a => a.Declarations)
            .Include(a => a.Evidence)
            .Include(a => a.Revisions)
            .Include(a => a.Assessments)
            .Include(a => a.ChangeRequests)
            .AsSplitQuery();

    /// <summary>
    /// The application as staff may see it: null when it is unknown, still a draft, or <paramref name="viewer"/> belongs to
    /// the applicant organization (nobody audits or certifies their own organization).
    /// </summary>
    public async Task<SealApplication?> LoadForStaffAsync(Guid id, Actor viewer, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        var application = await LoadAsync(id, ct);
        return application is null || application.Status == ApplicationStatus.Draft || viewer.IsMemberOf(application.OrganizationId) ? null : application;
    }

    /// <summary>
    /// Saves the application and the audit entries recorded with it. With <paramref name="renderedStamp"/> the save
    /// only succeeds if nobody changed the application since the page that posted was rendered.
    /// </summary>
    public async Task SaveAsync(SealApplication application, Guid? renderedStamp, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (renderedStamp is { } stamp)
        {
            db.Entry(application).Property(a => a.ConcurrencyStamp).OriginalValue = stamp;
        }

        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new DomainRuleViolation(StaleMessage);
        }
    }
}
