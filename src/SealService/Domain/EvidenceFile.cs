namespace SealService.Domain;

/// <summary>
/// An uploaded document that backs a declaration. The bytes live in the data folder under <see cref="StoredName"/>,
/// outside the web root; <see cref="Sha256"/> lets the auditor record exactly which version they reviewed.
/// </summary>
public sealed class EvidenceFile
{
    private EvidenceFile()
    {
    }

    public EvidenceFile(Guid applicationId, string criterionId, string originalName, string storedName, string contentType, long size, string sha256, DateOnly? validUntil, Actor by, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        CriterionId = criterionId;
        OriginalName = originalName;
        StoredName = storedName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        ValidUntil = validUntil;
        UploadedById = by.UserId;
        UploadedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string CriterionId { get; private set; } = "";
    public string OriginalName { get; private set; } = "";
    public string StoredName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public DateOnly? ValidUntil { get; private set; }
    public string UploadedById { get; private set; } = "";
    public DateTimeOffset UploadedAt { get; private set; }

    /// <summary>Set when the applicant removed the file from a draft; the row stays so frozen snapshots keep resolving.</summary>
    public DateTimeOffset? RemovedAt { get; private set; }

    public bool IsCurrent => RemovedAt is null;

    internal void Remove(DateTimeOffset now) => RemovedAt = now;
}
