using System.Security.Cryptography;
using SealService.Apply;

namespace SealService.Renewal;

/// <summary>
/// Renewal from the holder's side: which certificates can be renewed, starting the renewal under the current catalog, and
/// reusing evidence of the renewed application file by file. The new certificate supersedes the old one at issuance.
/// </summary>
public sealed class RenewalWorkflow(AppDbContext db, SealProgramCatalog programs, EvidenceStore evidence, DataPaths paths, AuditTrail audit, TimeProvider time)
{
    /// <summary>
    /// Every certificate the organization ever held, revoked and replaced ones included (a holder must see that a seal
    /// was revoked, and why), with whether it can be renewed now and the renewal in progress. Current seals come first.
    /// </summary>
    public async Task<IReadOnlyList<RenewalOption>> OptionsAsync(Guid organizationId, CancellationToken ct = default)
    {
        var certificates = await db.Certificates.AsNoTracking()
            .Where(c => db.Applications.Any(a => a.Id == c.ApplicationId && a.OrganizationId == organizationId))
            .ToListAsync(ct);
        var renewals = await RenewalsAsync(certificates.Select(c => c.Id).ToList(), ct);
        var now = time.GetUtcNow();
        return certificates
            .Select(c => new RenewalOption(c, c.IsRenewableAt(now), renewals.FirstOrDefault(a => a.RenewsCertificateId == c.Id && a.IsOpen)?.Id))
            .OrderBy(o => o.Certificate.Status is CertificateStatus.Active or CertificateStatus.Suspended ? 0 : 1)
            .ThenBy(o => o.Certificate.ValidUntil)
            .ToList();
    }

    /// <summary>The certificate issued for <paramref name="application"/>, if any.</summary>
    public async Task<Certificate?> IssuedCertificateAsync(SealApplication application, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application.Status == ApplicationStatus.Issued
            ? await db.Certificates.AsNoTracking().FirstOrDefaultAsync(c => c.ApplicationId == application.Id, ct)
            : null;
    }

    public async Task<RenewalOption> OptionAsync(Certificate certificate, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var renewals = await RenewalsAsync([certificate.Id], ct);
        return new RenewalOption(certificate, certificate.IsRenewableAt(time.GetUtcNow()), renewals.FirstOrDefault(a => a.IsOpen)?.Id);
    }

    /// <summary>Starts the renewal of the certificate with <paramref name="serial"/>; null when the actor's organization holds no such certificate.</summary>
    public async Task<SealApplication?> StartAsync(string serial, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (by.OrganizationId is not { } organizationId)
        {
            return null;
        }

        var certificate = await db.Certificates.FirstOrDefaultAsync(c => c.Serial == serial, ct);
        var renewed = certificate is null ? null : await db.Applications.Include(a => a.Organization).Include(a => a.Declarations)
            .FirstOrDefaultAsync(a => a.Id == certificate.ApplicationId && a.OrganizationId == organizationId, ct);
        if (certificate is null || renewed?.Organization is null)
        {
            return null;
        }

        var catalog = programs.FindProgram(certificate.ProgramId)?.Current
            ?? throw new DomainRuleViolation("The seal program of this certificate is no longer offered.");
        var application = SealApplication.Renew(certificate, renewed, renewed.Organization, catalog, await RenewalsAsync([certificate.Id], ct), by, time.GetUtcNow());
        db.Applications.Add(application);
        // Touching the certificate's concurrency stamp makes two renewals started at the same moment collide: only one commits.
        db.Entry(certificate).Property(c => c.ConcurrencyStamp).IsModified = true;
        audit.Record(by, "application.renewal-started", nameof(SealApplication), application.Id.ToString(), after: new
        {
            application.ProgramId,
            application.CatalogVersion,
            application.CatalogDigest,
            application.ProductName,
            renewsCertificate = certificate.Serial,
            previousCatalogVersion = renewed.CatalogVersion,
            declarationsCopied = application.Declarations.Count(d => d.Answer != DeclarationAnswer.Unanswered),
        });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new DomainRuleViolation("Someone else started a renewal of this certificate at the same moment. Reload the page to continue it.");
        }

        return application;
    }

    public async Task<string?> RenewedSerialAsync(SealApplication application, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        return application.RenewsCertificateId is { } certificateId
            ? await db.Certificates.AsNoTracking().Where(c => c.Id == certificateId).Select(c => c.Serial).FirstOrDefaultAsync(ct)
            : null;
    }

    /// <summary>The evidence the renewed application had for <paramref name="criterionId"/>; empty unless <paramref name="application"/> is a renewal.</summary>
    public async Task<IReadOnlyList<EvidenceFile>> PreviousEvidenceAsync(SealApplication application, string criterionId, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        if (application.RenewsCertificateId is not { } certificateId)
        {
            return [];
        }

        var renewedId = await RenewedApplicationIdAsync(certificateId, application.OrganizationId, ct);
        var files = await db.EvidenceFiles.AsNoTracking()
            .Where(e => e.ApplicationId == renewedId && e.CriterionId == criterionId && e.RemovedAt == null)
            .ToListAsync(ct);
        return files.OrderBy(e => e.UploadedAt).ToList();
    }

    /// <summary>
    /// Copies one evidence file of the renewed application into <paramref name="application"/> under a new stored name. The
    /// copy is checked against the recorded SHA-256, so a damaged or altered file is never attached as the reviewed one.
    /// </summary>
    public async Task<EvidenceFile> ReuseEvidenceAsync(SealApplication application, Guid previousEvidenceId, Actor by, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(application);
        var renewedId = application.RenewsCertificateId is { } certificateId ? await RenewedApplicationIdAsync(certificateId, application.OrganizationId, ct) : null;
        var previous = renewedId is null ? null : await db.EvidenceFiles.AsNoTracking()
            .FirstOrDefaultAsync(e => e.Id == previousEvidenceId && e.ApplicationId == renewedId && e.RemovedAt == null, ct);
        if (previous is null)
        {
            throw new DomainRuleViolation("That evidence file does not belong to the certificate you renew.");
        }

        var storedName = $"{Guid.NewGuid():N}{Path.GetExtension(previous.StoredName)}";
        var temporary = Path.Combine(paths.Evidence, $".reuse-{Guid.NewGuid():N}.tmp");
        try
        {
            string digest;
            await using (var source = evidence.Open(previous))
            await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, useAsync: true))
            {
                await source.CopyToAsync(target, ct);
                target.Position = 0;
                digest = Convert.ToHexStringLower(await SHA256.HashDataAsync(target, ct));
            }

            if (!string.Equals(digest, previous.Sha256, StringComparison.Ordinal))
            {
                throw new DomainRuleViolation("The stored copy of {0} does not match its recorded digest; upload the document again.", previous.OriginalName);
            }

            var file = application.ReuseEvidence(previous, storedName, by, time.GetUtcNow());
            audit.Record(by, "evidence.reused", nameof(SealApplication), application.Id.ToString(),
                after: new { evidenceId = file.Id, fromEvidenceId = previous.Id, file.CriterionId, file.OriginalName, file.Size, file.Sha256, file.ValidUntil });
            await db.SaveChangesAsync(ct);
            File.Move(temporary, Path.Combine(paths.Evidence, storedName));
            return file;
        }
        catch (FileNotFoundException)
        {
            throw new DomainRuleViolation("The stored copy of {0} is missing; upload the document again.", previous.OriginalName);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    private async Task<List<SealApplication>> RenewalsAsync(IReadOnlyCollection<Guid> certificateIds, CancellationToken ct) =>
        await db.Applications.AsNoTracking()
            .Where(a => a.RenewsCertificateId != null && certificateIds.Contains(a.RenewsCertificateId.Value))
            .ToListAsync(ct);

    private async Task<Guid?> RenewedApplicationIdAsync(Guid certificateId, Guid organizationId, CancellationToken ct) =>
        await db.Certificates.AsNoTracking()
            .Where(c => c.Id == certificateId && db.Applications.Any(a => a.Id == c.ApplicationId && a.OrganizationId == organizationId))
            .Select(c => (Guid?)c.ApplicationId)
            .FirstOrDefaultAsync(ct);
}

/// <summary>A certificate of the organization, whether it can be renewed now, and the renewal already under way (if any).</summary>
public sealed record RenewalOption(Certificate Certificate, bool Renewable, Guid? OpenRenewalId)
{
    public bool CanStart => Renewable && OpenRenewalId is null;
}
