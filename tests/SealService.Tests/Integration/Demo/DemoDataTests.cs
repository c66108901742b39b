using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier;
using SealService.Demo;
using SealService.Demo.Stages;
using SealService.Data;
using SealService.Domain;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Support;
using SealService.Verify;

namespace SealService.Tests.Integration.Demo;

/// <summary>The whole demo data set, all stages together, as a fresh development start creates it.</summary>
public sealed class DemoDataTests : IDisposable
{
    private static readonly string[] ProgramIds = ["smig", "shig", "rwts"];

    private readonly SealServiceFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Demo_data_shows_every_application_state_and_every_certificate_verdict_for_every_program()
    {
        var first = await _factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
        Assert.True(first.Created);

        await _factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var statuses = await db.Applications.AsNoTracking().Select(a => new { a.ProgramId, a.Status }).ToListAsync();
            var wanted = new[]
            {
                ApplicationStatus.Draft, ApplicationStatus.Submitted, ApplicationStatus.InAudit, ApplicationStatus.ChangesRequested,
                ApplicationStatus.Recommended, ApplicationStatus.Rejected, ApplicationStatus.Issued,
            };
            foreach (var program in ProgramIds)
            {
                var present = statuses.Where(s => s.ProgramId == program).Select(s => s.Status).ToHashSet();
                Assert.All(wanted, status => Assert.Contains(status, present));
            }
        });

        var verdicts = await _factory.WithScopeAsync(async sp =>
        {
            var certificates = await sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().ToListAsync();
            var found = new List<(string Program, string Stored, string Qr)>();
            foreach (var certificate in certificates)
            {
                // A scope per certificate, as per request: the status source caches the rows it has read.
                using var scope = sp.CreateScope();
                var verifier = scope.ServiceProvider.GetRequiredService<PublicVerifier>();
                var stored = await verifier.VerifyStoredAsync(certificate, CancellationToken.None);
                var qr = await verifier.VerifyQrAsync(certificate.QrToken, CancellationToken.None);
                found.Add((certificate.ProgramId, stored.VerdictKey, qr.VerdictKey));
            }

            return found;
        });
        Assert.All(verdicts, v => Assert.Equal(v.Stored, v.Qr));
        foreach (var program in ProgramIds)
        {
            var mine = verdicts.Where(v => v.Program == program).Select(v => v.Stored).ToList();
            Assert.All(new[] { "valid", "expired", "suspended", "revoked" }, verdict => Assert.Contains(verdict, mine));
            Assert.DoesNotContain("not-genuine", mine);
        }

        await _factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var now = _factory.Time.GetUtcNow();
            var expired = await db.Certificates.AsNoTracking().Where(c => c.Status == CertificateStatus.Active).ToListAsync();
            // Expired for real: signed 13 months ago by a key that existed then, not an active certificate with a shortened date.
            var trustList = sp.GetRequiredService<ITrustListSource>().GetTrustList();
            foreach (var certificate in expired.Where(c => c.IsExpiredAt(now)))
            {
                Assert.InRange(certificate.IssuedAt, now.AddMonths(-IssuanceDemoStage.ExpiredIssuedMonthsAgo).AddDays(-1), now.AddMonths(-12));
                Assert.Equal(certificate.IssuedAt, certificate.ValidFrom);
                var key = trustList.Keys.Single(k => k.KeyId == certificate.KeyId);
                Assert.InRange(certificate.IssuedAt, key.NotBefore, key.NotAfter);
                var offline = await new SealVerification(trustList, _factory.Time).VerifyDetachedAsync(certificate.Payload, certificate.CmsSignature);
                Assert.Equal(Verdict.Expired, offline.Verdict);
            }

            var entries = await db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
            Assert.Null(AuditChain.Verify(entries, sp.GetRequiredService<AuditChainKey>()));
        });
    }

    [Fact]
    public async Task Demo_data_is_made_by_the_workflow_services_weeks_before_now_and_includes_a_renewal()
    {
        await _factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());

        await _factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var now = _factory.Time.GetUtcNow();
            var entries = await db.AuditLog.AsNoTracking().ToListAsync();
            // The actions the services record (and nothing a hand-written demo step made up), by the people who act.
            var actions = entries.Select(e => e.Action).ToHashSet();
            string[] recordedByServices =
            [
                "organization.created", "application.started", "declaration.saved", "evidence.added", "application.submitted", "audit.assigned",
                "audit.assessed", "audit.changes-requested", "audit.recommended", "certification.rejected", "certification.approved",
                "application.issued", "certificate.issued", "certificate.suspended", "certificate.revoked", "application.renewal-started",
            ];
            Assert.All(recordedByServices, action => Assert.Contains(action, actions));
            Assert.DoesNotContain("application.approved", actions);
            var certifier = await db.Users.SingleAsync(u => u.Email == DemoSeeder.CertifierEmail);
            Assert.All(entries.Where(e => e.Action.StartsWith("certification.", StringComparison.Ordinal) || e.Action is "certificate.suspended" or "certificate.revoked"),
                e => Assert.Equal(certifier.Id, e.ActorId));

            // Waiting for weeks, as a queue in use would: submitted, audited and decided at different moments in the past.
            var applications = await db.Applications.AsNoTracking().ToListAsync();
            var waiting = applications.Where(a => a.Status is ApplicationStatus.Submitted or ApplicationStatus.InAudit or ApplicationStatus.ChangesRequested or ApplicationStatus.Recommended).ToList();
            Assert.NotEmpty(waiting);
            Assert.All(waiting, a => Assert.True(a.SubmittedAt < now.AddDays(-14), $"{a.Status} application submitted {a.SubmittedAt}"));
            Assert.All(applications.Where(a => a.AuditorAssignedAt is not null), a => Assert.True(a.AuditorAssignedAt > a.SubmittedAt));
            var submittedEntries = entries.Where(e => e.Action == "application.submitted").ToList();
            Assert.All(submittedEntries, e => Assert.True(e.At < now.AddDays(-14), $"submission recorded at {e.At}"));

            // The holder of an expired seal has started its renewal, with the answers carried over.
            var renewal = Assert.Single(applications, a => a.RenewsCertificateId is not null);
            Assert.Equal(ApplicationStatus.Draft, renewal.Status);
            var renewed = await db.Certificates.AsNoTracking().SingleAsync(c => c.Id == renewal.RenewsCertificateId);
            Assert.True(renewed.IsExpiredAt(now));
        });
    }

    [Fact]
    public async Task Seeding_twice_adds_nothing()
    {
        await _factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());
        var before = await CountsAsync();

        var second = await _factory.WithScopeAsync(sp => sp.GetRequiredService<DemoSeeder>().SeedAsync());

        Assert.False(second.Created);
        Assert.Equal(before, await CountsAsync());
        Assert.True(before.Certificates >= 12, $"only {before.Certificates} demo certificates");
    }

    [Fact]
    public async Task Keys_younger_than_the_expired_certificates_leave_them_out_instead_of_backdating_a_signature()
    {
        // The key store exists already (created "now" by the first signature or trust list request), so no key covers 13 months ago.
        await _factory.WithScopeAsync(sp =>
        {
            sp.GetRequiredService<ITrustListSource>().GetTrustList();
            return sp.GetRequiredService<DemoSeeder>().SeedAsync();
        });

        await _factory.WithScopeAsync(async sp =>
        {
            var certificates = await sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().ToListAsync();
            var now = _factory.Time.GetUtcNow();
            Assert.NotEmpty(certificates);
            Assert.DoesNotContain(certificates, c => c.IsExpiredAt(now));
            var verification = new SealVerification(sp.GetRequiredService<ITrustListSource>().GetTrustList(), _factory.Time);
            foreach (var certificate in certificates)
            {
                Assert.Equal(Verdict.Valid, (await verification.VerifyDetachedAsync(certificate.Payload, certificate.CmsSignature)).Verdict);
            }
        });
    }

    private Task<Counts> CountsAsync() => _factory.WithScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<AppDbContext>();
        return new Counts(await db.Users.CountAsync(), await db.Organizations.CountAsync(), await db.Applications.CountAsync(),
            await db.EvidenceFiles.CountAsync(), await db.Certificates.CountAsync(), await db.AuditLog.CountAsync(),
            await db.Certificates.CountAsync(c => c.Status != CertificateStatus.Active));
    });

    private sealed record Counts(int Users, int Organizations, int Applications, int EvidenceFiles, int Certificates, int AuditEntries, int ChangedCertificates);
}
