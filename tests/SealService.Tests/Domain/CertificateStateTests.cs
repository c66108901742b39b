using SealService.Domain;

namespace SealService.Tests.Domain;

public sealed class CertificateStateTests
{
    private static readonly DateTimeOffset Issued = new(2026, 1, 10, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Certifier = new("cert-1", "Clara", null, new HashSet<string> { Roles.Certifier });
    private static readonly Actor Admin = new("admin-1", "Ada", null, new HashSet<string> { Roles.Admin });
    private static readonly Actor Auditor = new("aud-1", "Anton", null, new HashSet<string> { Roles.Auditor });
    private static readonly Actor Applicant = new("app-1", "Paula", Guid.NewGuid(), new HashSet<string> { Roles.Applicant });

    private static Certificate NewCertificate() =>
        new(Guid.NewGuid(), "SMIG-0000-0000-0", "smig", "Beispiel GmbH", "DE", "Beispiel ERP", "de", [1], [2], "TOKEN", "0011223344556677",
            Issued, Issued, Issued.AddYears(1));

    [Fact]
    public void New_certificate_is_active_until_its_validity_ends()
    {
        var certificate = NewCertificate();
        Assert.Equal("active", certificate.PublicStatusAt(Issued.AddMonths(6)));
        Assert.Equal("active", certificate.PublicStatusAt(Issued.AddYears(1)));
        Assert.Equal("expired", certificate.PublicStatusAt(Issued.AddYears(1).AddSeconds(1)));
    }

    [Fact]
    public void Suspend_and_reinstate_record_who_when_why()
    {
        var certificate = NewCertificate();
        certificate.Suspend(StatusChangeReason.FeeNotPaid, "Invoice 2026-17 open", Certifier, Issued.AddMonths(2));
        Assert.Equal(CertificateStatus.Suspended, certificate.Status);
        Assert.Equal("suspended", certificate.PublicStatusAt(Issued.AddMonths(2)));
        Assert.Equal(StatusChangeReason.FeeNotPaid, certificate.StatusReason);
        Assert.Equal("cert-1", certificate.StatusChangedById);
        Assert.Equal(Issued.AddMonths(2), certificate.StatusChangedAt);

        certificate.Reinstate(Admin, Issued.AddMonths(3));
        Assert.Equal(CertificateStatus.Active, certificate.Status);
        Assert.Null(certificate.StatusReason);
        Assert.Equal("admin-1", certificate.StatusChangedById);
    }

    [Fact]
    public void Revocation_is_final_and_wins_over_expiry()
    {
        var certificate = NewCertificate();
        certificate.Revoke(StatusChangeReason.FalseDeclaration, "Development is not in Germany", Certifier, Issued.AddMonths(4));
        Assert.Equal("revoked", certificate.PublicStatusAt(Issued.AddYears(3)));
        Assert.Throws<DomainRuleViolation>(() => certificate.Reinstate(Certifier, Issued.AddMonths(5)));
        Assert.Throws<DomainRuleViolation>(() => certificate.Suspend(StatusChangeReason.Other, "x", Certifier, Issued.AddMonths(5)));
        Assert.Throws<DomainRuleViolation>(() => certificate.Revoke(StatusChangeReason.Other, "again", Certifier, Issued.AddMonths(5)));
    }

    [Fact]
    public void Suspended_certificate_can_be_revoked()
    {
        var certificate = NewCertificate();
        certificate.Suspend(StatusChangeReason.NonconformityFound, "Spot check", Certifier, Issued.AddMonths(1));
        certificate.Revoke(StatusChangeReason.NonconformityFound, "Not fixed in time", Certifier, Issued.AddMonths(2));
        Assert.Equal(CertificateStatus.Revoked, certificate.Status);
    }

    [Fact]
    public void Expired_suspension_cannot_be_reinstated()
    {
        var certificate = NewCertificate();
        certificate.Suspend(StatusChangeReason.HolderRequest, "", Certifier, Issued.AddMonths(11));
        var ex = Assert.Throws<DomainRuleViolation>(() => certificate.Reinstate(Certifier, Issued.AddYears(2)));
        Assert.Contains("renew", ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> NotStaff => new() { "auditor", "applicant" };

    [Theory]
    [MemberData(nameof(NotStaff))]
    public void Only_certifiers_and_admins_change_status(string who)
    {
        var actor = who == "auditor" ? Auditor : Applicant;
        var certificate = NewCertificate();
        Assert.Throws<DomainRuleViolation>(() => certificate.Suspend(StatusChangeReason.HolderRequest, "", actor, Issued));
        Assert.Throws<DomainRuleViolation>(() => certificate.Revoke(StatusChangeReason.HolderRequest, "", actor, Issued));
        Assert.Equal(CertificateStatus.Active, certificate.Status);
    }

    [Fact]
    public void Reason_other_needs_details()
    {
        var certificate = NewCertificate();
        Assert.Throws<DomainRuleViolation>(() => certificate.Revoke(StatusChangeReason.Other, "  ", Certifier, Issued));
        Assert.Equal(CertificateStatus.Active, certificate.Status);
    }

    [Fact]
    public void Superseded_by_renewal_only_from_active()
    {
        var certificate = NewCertificate();
        certificate.Supersede(Certifier, Issued.AddMonths(11));
        Assert.Equal("superseded", certificate.PublicStatusAt(Issued.AddMonths(11)));
        Assert.Throws<DomainRuleViolation>(() => certificate.Supersede(Certifier, Issued.AddMonths(12)));
    }
}
