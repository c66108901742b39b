using SealService.Domain;
using SealService.Programs;
using SealService.Tests.Support;

namespace SealService.Tests.Domain;

public sealed class RenewalTests
{
    private readonly ApplicationTestData _data = new();

    private (Organization Organization, Actor Applicant, SealApplication Issued, Certificate Certificate) IssuedCertificate(CriteriaCatalog? catalog = null)
    {
        var organization = _data.NewOrganization();
        var applicant = ApplicationTestData.ApplicantOf(organization);
        var application = _data.Decided(organization, applicant, ApplicationTestData.Auditor(), ApplicationTestData.Certifier(), approve: true);
        application.MarkIssued(_data.Now);
        var program = catalog ?? _data.Catalog();
        var certificate = new Certificate(application.Id, "SMIG-TEST-0001", program.ProgramId, organization.LegalName, "DE", application.ProductName, "de",
            [1], [2], "token", "key", _data.Now, _data.Now, _data.Now.AddMonths(program.ValidityMonths));
        return (organization, applicant, application, certificate);
    }

    [Fact]
    public void Renewal_uses_the_given_catalog_keeps_the_product_and_copies_answers_only_for_criteria_that_still_exist()
    {
        var (organization, applicant, issued, certificate) = IssuedCertificate();
        var old = _data.Catalog();
        var dropped = old.Criteria[0];
        var added = dropped with { Id = "SMIG-NEW", Order = 999 };
        var next = old with { Version = "2026.1", Criteria = [.. old.Criteria.Skip(1), added] };

        var renewal = SealApplication.Renew(certificate, issued, organization, next, [], applicant, InWindow(certificate));

        Assert.Equal(certificate.Id, renewal.RenewsCertificateId);
        Assert.Equal("2026.1", renewal.CatalogVersion);
        Assert.Equal(ApplicationStatus.Draft, renewal.Status);
        Assert.Equal(issued.ProductName, renewal.ProductName);
        Assert.Equal(issued.ProductVersion, renewal.ProductVersion);
        Assert.DoesNotContain(renewal.Declarations, d => d.CriterionId == dropped.Id);
        Assert.Equal(DeclarationAnswer.Unanswered, renewal.Declarations.Single(d => d.CriterionId == "SMIG-NEW").Answer);
        foreach (var criterion in old.Criteria.Skip(1))
        {
            var before = issued.Declarations.Single(d => d.CriterionId == criterion.Id);
            var after = renewal.Declarations.Single(d => d.CriterionId == criterion.Id);
            Assert.Equal(before.Answer, after.Answer);
            Assert.Equal(before.Explanation, after.Explanation);
        }

        Assert.Empty(renewal.Evidence);
        Assert.NotEmpty(renewal.SubmissionBlockers(next));
    }

    private static DateTimeOffset InWindow(Certificate certificate) => certificate.ValidUntil.AddDays(-30);

    [Fact]
    public void Renewal_opens_90_days_before_expiry_not_the_day_after_issuance()
    {
        var (organization, applicant, issued, certificate) = IssuedCertificate();
        var early = Assert.Throws<DomainRuleViolation>(() => SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, _data.Now.AddDays(1)));
        Assert.Contains("Renewal opens 90 days before the certificate expires", early.Message, StringComparison.Ordinal);
        Assert.Throws<DomainRuleViolation>(() => SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, certificate.RenewalOpensAt.AddMinutes(-1)));
        Assert.NotNull(SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, certificate.RenewalOpensAt));
        Assert.Equal(certificate.ValidUntil.AddDays(-90), certificate.RenewalOpensAt);
    }

    [Fact]
    public void Only_one_open_renewal_per_certificate_but_a_rejected_one_does_not_block()
    {
        var (organization, applicant, issued, certificate) = IssuedCertificate();
        var first = SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, InWindow(certificate));

        var refused = Assert.Throws<DomainRuleViolation>(() => SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [first], applicant, InWindow(certificate)));
        Assert.Contains("already in progress", refused.Message, StringComparison.Ordinal);

        var rejected = _data.Decided(organization, applicant, ApplicationTestData.Auditor(), ApplicationTestData.Certifier(), approve: false);
        Assert.False(rejected.IsOpen);
        var second = SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [rejected], applicant, InWindow(certificate));
        Assert.Equal(certificate.Id, second.RenewsCertificateId);
    }

    [Fact]
    public void Expired_certificates_renew_for_90_days_suspended_revoked_and_superseded_ones_not_at_all()
    {
        var (organization, applicant, issued, certificate) = IssuedCertificate();
        var justInGrace = certificate.ValidUntil.AddDays(90);
        Assert.NotNull(SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, justInGrace));
        var late = Assert.Throws<DomainRuleViolation>(() => SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, justInGrace.AddMinutes(1)));
        Assert.Contains("more than 90 days", late.Message, StringComparison.Ordinal);

        certificate.Suspend(StatusChangeReason.FeeNotPaid, "", ApplicationTestData.Certifier(), _data.Now);
        Assert.Throws<DomainRuleViolation>(() => SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, InWindow(certificate)));
        certificate.Revoke(StatusChangeReason.FeeNotPaid, "", ApplicationTestData.Certifier(), _data.Now);
        Assert.Throws<DomainRuleViolation>(() => SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, InWindow(certificate)));
    }

    [Fact]
    public void Only_members_of_the_holder_may_renew()
    {
        var (organization, _, issued, certificate) = IssuedCertificate();
        var stranger = ApplicationTestData.ApplicantOf(_data.NewOrganization());
        Assert.Throws<DomainRuleViolation>(() => SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], stranger, InWindow(certificate)));
    }

    [Fact]
    public void Reused_evidence_keeps_name_and_digest_gets_a_new_stored_name_and_refuses_expired_or_duplicate_files()
    {
        var (organization, applicant, issued, certificate) = IssuedCertificate();
        var renewal = SealApplication.Renew(certificate, issued, organization, _data.Catalog(), [], applicant, InWindow(certificate));
        var previous = issued.Evidence[0];

        var copy = renewal.ReuseEvidence(previous, "new-name.pdf", applicant, _data.Now);
        Assert.Equal(renewal.Id, copy.ApplicationId);
        Assert.Equal(previous.Sha256, copy.Sha256);
        Assert.Equal(previous.OriginalName, copy.OriginalName);
        Assert.Equal("new-name.pdf", copy.StoredName);
        Assert.Contains("already attached", Assert.Throws<DomainRuleViolation>(() => renewal.ReuseEvidence(previous, "again.pdf", applicant, _data.Now)).Message, StringComparison.Ordinal);

        var afterValidity = previous.ValidUntil!.Value.AddDays(1).ToDateTime(TimeOnly.MinValue);
        var other = issued.Evidence.First(e => e.CriterionId != previous.CriterionId);
        var expired = Assert.Throws<DomainRuleViolation>(() => renewal.ReuseEvidence(other, "late.pdf", applicant, new DateTimeOffset(afterValidity, TimeSpan.Zero)));
        Assert.Contains("was valid until", expired.Message, StringComparison.Ordinal);
        Assert.Single(renewal.Evidence);
    }

    [Fact]
    public void A_first_application_cannot_reuse_evidence()
    {
        var organization = _data.NewOrganization();
        var applicant = ApplicationTestData.ApplicantOf(organization);
        var other = _data.Draft(organization, applicant);
        var draft = SealApplication.Start(organization, _data.Catalog(), new ProductInfo("P", "1", "", null), applicant, _data.Now);
        Assert.Throws<DomainRuleViolation>(() => draft.ReuseEvidence(other.Evidence[0], "x.pdf", applicant, _data.Now));
    }
}
