namespace SealService.Audit;

/// <summary>
/// The rows of the staff queues, the audit queue and the certifier's decisions: one query and one projection for both, so
/// both count the waiting days and the due date the same way (<see cref="ServiceTargets"/>, on the service's clock).
/// Applications of the viewer's own organization never appear.
/// </summary>
public sealed class ApplicationQueueQuery(AppDbContext db, StaffDirectory staff, SealProgramCatalog programs, TimeProvider time)
{
    /// <summary>The applications <paramref name="filter"/> keeps, longest waiting first.</summary>
    public async Task<IReadOnlyList<QueueRow>> RowsAsync(Func<IQueryable<SealApplication>, IQueryable<SealApplication>> filter, Actor viewer,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(viewer);
        var query = db.Applications.AsNoTracking();
        if (viewer.OrganizationId is { } ownOrganization)
        {
            query = query.Where(a => a.OrganizationId != ownOrganization);
        }

        var found = await filter(query)
            .Select(a => new
            {
                a.Id,
                OrganizationName = a.Organization!.LegalName,
                a.ProductName,
                a.ProgramId,
                a.Status,
                a.AuditorId,
                a.SubmittedAt,
                a.RecommendedAt,
                LastSubmittedAt = a.Revisions.OrderByDescending(r => r.Number).Select(r => (DateTimeOffset?)r.SubmittedAt).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var names = await staff.NamesAsync(found.Select(a => a.AuditorId), ct);
        var now = time.GetUtcNow();
        return found
            .Select(a =>
            {
                var since = ServiceTargets.WaitingSince(a.Status, a.LastSubmittedAt ?? a.SubmittedAt, a.RecommendedAt);
                var due = since + ServiceTargets.For(a.Status);
                return new QueueRow(a.Id, a.OrganizationName, a.ProductName, a.ProgramId, programs.FindProgram(a.ProgramId)?.Name.Current ?? a.ProgramId,
                    a.Status, a.AuditorId, a.AuditorId is null ? null : names.GetValueOrDefault(a.AuditorId, a.AuditorId), a.SubmittedAt,
                    since, since is { } s ? ServiceTargets.DaysWaiting(s, now) : 0, due, due is { } d && now > d);
            })
            .OrderBy(r => r.WaitingSince ?? DateTimeOffset.MaxValue)
            .ThenBy(r => r.ProductName, StringComparer.CurrentCulture)
            .ToList();
    }
}

/// <summary>One application in a staff queue.</summary>
/// <param name="WaitingSince">When it entered the state it waits in: (re)submitted for the audit, recommended for the decision.</param>
/// <param name="DaysWaiting">Whole days since <paramref name="WaitingSince"/> on the service's clock.</param>
/// <param name="DueOn">When this step should be done (<see cref="ServiceTargets"/>).</param>
public sealed record QueueRow(Guid Id, string OrganizationName, string ProductName, string ProgramId, string ProgramName, ApplicationStatus Status,
    string? AuditorId, string? AuditorName, DateTimeOffset? SubmittedAt, DateTimeOffset? WaitingSince, int DaysWaiting, DateTimeOffset? DueOn,
    bool IsOverdue);
