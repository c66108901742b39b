using System.Security.Cryptography;

namespace SealService.Apply;

/// <summary>
/// Keeps evidence files in <c>data/evidence</c>, outside the web root, under generated names. A file is written to a
/// temporary name first, the database row is saved, and only then is the file moved into place; if the save fails the
/// temporary file is deleted. So a failure leaves neither a row without a file nor a file without a row.
/// </summary>
public sealed class EvidenceStore(AppDbContext db, DataPaths paths, IOptions<StorageOptions> storage, AuditTrail audit, TimeProvider time)
{
    public int MaxMegabytes => storage.Value.MaxUploadMegabytes;

    public long MaxBytes => MaxMegabytes * 1024L * 1024L;

    public long QuotaBytes => storage.Value.OrganizationQuotaMegabytes * 1024L * 1024L;

    /// <summary>
    /// Bytes an organization's evidence takes on disk: current files, and removed files that a submitted revision has seen
    /// (kept for the auditors' history). Files removed before any submission saw them are deleted and do not count.
    /// </summary>
    public Task<long> UsedBytesAsync(Guid organizationId, CancellationToken ct = default) =>
        (from e in db.EvidenceFiles
         join a in db.Applications on e.ApplicationId equals a.Id
         where a.OrganizationId == organizationId
         where e.RemovedAt == null || db.ApplicationRevisions.Any(r => r.ApplicationId == e.ApplicationId && r.SubmittedAt >= e.UploadedAt && r.SubmittedAt <= e.RemovedAt)
         select e.Size).SumAsync(ct);

    /// <summary>
    /// Deletes a removed file from disk unless a submitted revision has seen it: without this, remove and upload again
    /// would fill the disk without limit. The row stays for the audit log.
    /// </summary>
    public void DeleteIfUnseen(SealApplication application, EvidenceFile file)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(file);
        if (file.IsCurrent || application.Revisions.Any(r => r.SubmittedAt >= file.UploadedAt))
        {
            return;
        }

        var path = PathOf(file);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Checks, stores and attaches one upload to <paramref name="application"/> (loaded and tracked by this scope's DbContext).</summary>
    public async Task<EvidenceFile> AddAsync(SealApplication application, string criterionId, string fileName, long declaredLength, Stream content, DateOnly? validUntil, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(content);
        var originalName = CleanName(fileName);
        if (declaredLength > MaxBytes)
        {
            throw new DomainRuleViolation("The file is larger than {0} MB.", MaxMegabytes);
        }

        var used = await UsedBytesAsync(application.OrganizationId, ct);
        EnsureWithinQuota(used, Math.Max(declaredLength, 0));
        var temporary = Path.Combine(paths.Evidence, $".upload-{Guid.NewGuid():N}.tmp");
        try
        {
            var (size, sha256) = await CopyLimitedAsync(content, temporary, ct);
            if (size == 0)
            {
                throw new DomainRuleViolation("The file is empty.");
            }

            EnsureWithinQuota(used, size);

            EvidenceContentType? type;
            await using (var check = File.OpenRead(temporary))
            {
                type = EvidenceContentType.Detect(check);
            }

            if (type is null)
            {
                throw new DomainRuleViolation("The file's content is not a PDF, PNG, JPEG, DOCX or XLSX document.");
            }

            if (!type.Allows(originalName))
            {
                throw new DomainRuleViolation("The file's content is a {0} document but its name ends in \"{1}\". Name it {2}.", type.Name, Path.GetExtension(originalName), string.Join(", ", type.Extensions));
            }

            var now = time.GetUtcNow();
            var storedName = $"{Guid.NewGuid():N}{type.Extensions[0]}";
            var file = new EvidenceFile(application.Id, criterionId, originalName, storedName, type.MimeType, size, sha256, validUntil, by, now);
            application.AddEvidence(file, by, now);
            audit.Record(by, "evidence.added", nameof(SealApplication), application.Id.ToString(),
                after: new { evidenceId = file.Id, file.CriterionId, file.OriginalName, file.Size, file.Sha256, file.ValidUntil });
            // File first, row second: a crash in between leaves an unreferenced file, never a row whose file is missing.
            var stored = Path.Combine(paths.Evidence, storedName);
            File.Move(temporary, stored);
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch
            {
                File.Delete(stored);
                throw;
            }

            return file;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private void EnsureWithinQuota(long used, long adding)
    {
        if (used + adding > QuotaBytes)
        {
            throw new DomainRuleViolation("Your organization's evidence storage of {0} MB is full ({1} MB used). Remove files you no longer need, or ask the certification body for more space.",
                storage.Value.OrganizationQuotaMegabytes, Math.Round(used / (1024.0 * 1024.0), 1));
        }
    }

    public Stream Open(EvidenceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new FileStream(PathOf(file), FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, useAsync: true);
    }

    public string PathOf(EvidenceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var path = Path.GetFullPath(Path.Combine(paths.Evidence, file.StoredName));
        if (!path.StartsWith(paths.Evidence + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException("Stored evidence name points outside the evidence folder.");
        }

        return path;
    }

    private async Task<(long Size, string Sha256)> CopyLimitedAsync(Stream content, string target, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long size = 0;
        await using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, buffer.Length, useAsync: true);
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            size += read;
            if (size > MaxBytes)
            {
                throw new DomainRuleViolation("The file is larger than {0} MB.", MaxMegabytes);
            }

            hash.AppendData(buffer, 0, read);
            await output.WriteAsync(buffer.AsMemory(0, read), ct);
        }

        return (size, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private static string CleanName(string fileName)
    {
        var name = Path.GetFileName((fileName ?? "").Replace('\\', '/'));
        name = new string(name.Where(c => !char.IsControl(c) && c != '"').ToArray()).Trim();
        if (name.Length == 0)
        {
            throw new DomainRuleViolation("Choose a file to upload.");
        }

        if (name.Length > 200)
        {
            var extension = Path.GetExtension(name);
            name = name[..(200 - extension.Length)] + extension;
        }

        return name;
    }
}
