using SealService.Audit;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Domain;

public sealed class AuditRulesTests
{
    private readonly ApplicationTestData _data = new();
    private readonly Organization _organization;
    private readonly Actor _applicant;
    private readonly Actor _auditor = ApplicationTestData.Auditor("auditor-1");
    private readonly Actor _certifier = ApplicationTestData.Certifier("certifier-1");

    public AuditRulesTests()
    {
        _organization = _data.NewOrganization();
        _applicant = ApplicationTestData.ApplicantOf(_organization);
    }

    [Fact]
    public void Auditor_who_belongs_to_the_applicant_organization_is_refused()
    {
        var application = _data.Submitted(_organization, _applicant);
        var insider = new Actor("insider", "Insider", _organization.Id, new HashSet<string>([Roles.Auditor]));

        var error = Assert.Throws<DomainRuleViolation>(() => application.AssignAuditor(insider, _certifier, _data.Now));

        Assert.Contains("Conflict of interest", error.Message, StringComparison.Ordinal);
        Assert.Null(application.AuditorId);
        Assert.Equal(ApplicationStatus.Submitted, application.Status);
    }

    [Fact]
    public void Auditor_cannot_take_over_an_application_that_already_has_an_auditor()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        var other = ApplicationTestData.Auditor("auditor-2");

        Assert.Throws<DomainRuleViolation>(() => application.AssignAuditor(other, other, _data.Now));

        Assert.Equal("auditor-1", application.AuditorId);
    }

    [Fact]
    public void Auditor_may_take_over_an_unassigned_application()
    {
        var application = _data.Submitted(_organization, _applicant);

        application.AssignAuditor(_auditor, _auditor, _data.Now);

        Assert.Equal("auditor-1", application.AuditorId);
        Assert.Equal(ApplicationStatus.InAudit, application.Status);
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Applicant)]
    public void Only_certifier_or_admin_can_assign_someone_else(string role)
    {
        var application = _data.Submitted(_organization, _applicant);
        var assigner = ApplicationTestData.Staff("someone", role);

        Assert.Throws<DomainRuleViolation>(() => application.AssignAuditor(_auditor, assigner, _data.Now));

        Assert.Null(application.AuditorId);
    }

    [Theory]
    [InlineData(Roles.Certifier)]
    [InlineData(Roles.Admin)]
    public void Certifier_and_admin_can_assign_an_auditor(string role)
    {
        var application = _data.Submitted(_organization, _applicant);

        application.AssignAuditor(_auditor, ApplicationTestData.Staff("boss", role), _data.Now);

        Assert.Equal("auditor-1", application.AuditorId);
    }

    [Fact]
    public void Someone_without_the_auditor_role_cannot_be_assigned()
    {
        var application = _data.Submitted(_organization, _applicant);

        Assert.Throws<DomainRuleViolation>(() => application.AssignAuditor(ApplicationTestData.Certifier("c2"), _certifier, _data.Now));
    }

    [Fact]
    public void Only_the_assigned_auditor_may_assess()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        var other = ApplicationTestData.Auditor("auditor-2");

        Assert.Throws<DomainRuleViolation>(() => application.Assess(application.Declarations[0].CriterionId, AssessmentResult.Conforms, "", [], other, _data.Now));
        Assert.Throws<DomainRuleViolation>(() => application.Assess(application.Declarations[0].CriterionId, AssessmentResult.Conforms, "", [], _certifier, _data.Now));

        Assert.Empty(application.Assessments);
    }

    [Fact]
    public void A_nonconformity_needs_a_comment()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);

        Assert.Throws<DomainRuleViolation>(() => application.Assess(application.Declarations[0].CriterionId, AssessmentResult.MinorNonconformity, " ", [], _auditor, _data.Now));
    }

    [Fact]
    public void Reviewed_evidence_must_be_a_current_file_of_the_application()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        var criterion = application.Declarations[0].CriterionId;

        Assert.Throws<DomainRuleViolation>(() => application.Assess(criterion, AssessmentResult.Conforms, "", [new string('a', 64)], _auditor, _data.Now));
        Assert.Throws<DomainRuleViolation>(() => application.Assess(criterion, (AssessmentResult)42, "", [], _auditor, _data.Now));
    }

    [Fact]
    public void Recommendation_requires_every_criterion_assessed_in_the_latest_revision()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        foreach (var declaration in application.Declarations.Skip(1))
        {
            application.Assess(declaration.CriterionId, AssessmentResult.Conforms, "", [], _auditor, _data.Now);
        }

        var error = Assert.Throws<DomainRuleViolation>(() => application.Recommend(true, "Summary", AuditChecklist.ComputeDigest(application), _auditor, _data.Now));

        Assert.Contains("Every criterion", error.Message, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.InAudit, application.Status);
    }

    [Fact]
    public void Assessments_of_an_earlier_revision_do_not_count_after_resubmission()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        _data.AssessAll(application, _auditor);
        var criterion = application.Evidence[0].CriterionId;
        var request = application.RequestChanges(new Dictionary<string, string> { [criterion] = "Please update." }, _auditor, _data.Now)[0];
        application.AnswerChangeRequest(request.Id, "Updated.", _applicant, _data.Now);
        _data.Submit(application, _applicant);

        Assert.Equal(ApplicationStatus.InAudit, application.Status);
        Assert.Equal(2, application.CurrentRevision);
        Assert.False(application.AllCriteriaAssessed);
        Assert.Throws<DomainRuleViolation>(() => application.Recommend(true, "Summary", AuditChecklist.ComputeDigest(application), _auditor, _data.Now));
    }

    [Fact]
    public void Major_nonconformity_blocks_recommending_approval_but_not_rejection()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        _data.AssessAll(application, _auditor, onlyMajor: application.Declarations[0].CriterionId);

        var error = Assert.Throws<DomainRuleViolation>(() => application.Recommend(true, "Summary", AuditChecklist.ComputeDigest(application), _auditor, _data.Now));
        Assert.Contains("major nonconformity", error.Message, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.InAudit, application.Status);

        application.Recommend(false, "Reject: a major nonconformity.", AuditChecklist.ComputeDigest(application), _auditor, _data.Now);
        Assert.Equal(ApplicationStatus.Recommended, application.Status);
    }

    [Fact]
    public void Certifier_cannot_approve_over_a_major_nonconformity()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        _data.AssessAll(application, _auditor, onlyMajor: application.Declarations[0].CriterionId);
        application.Recommend(false, "Reject.", AuditChecklist.ComputeDigest(application), _auditor, _data.Now);
        var digest = AuditChecklist.ComputeDigest(application);

        Assert.Throws<DomainRuleViolation>(() => application.Decide(true, "Approve anyway.", digest, digest, _certifier, _data.Now));

        Assert.Equal(ApplicationStatus.Recommended, application.Status);
        application.Decide(false, "Rejected.", digest, digest, _certifier, _data.Now);
        Assert.Equal(ApplicationStatus.Rejected, application.Status);
    }

    [Fact]
    public void The_auditor_cannot_decide_even_with_the_certifier_role()
    {
        var both = ApplicationTestData.Staff("both", Roles.Auditor, Roles.Certifier);
        var application = _data.Recommended(_organization, _applicant, both);
        var digest = AuditChecklist.ComputeDigest(application);

        var error = Assert.Throws<DomainRuleViolation>(() => application.Decide(true, "Approve.", digest, digest, both, _data.Now));

        Assert.Contains("Four eyes", error.Message, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Recommended, application.Status);
    }

    [Fact]
    public void A_former_auditor_who_raised_questions_cannot_decide()
    {
        var former = ApplicationTestData.Staff("former", Roles.Auditor, Roles.Certifier);
        var application = _data.InAudit(_organization, _applicant, former);
        var request = application.RequestChanges(new Dictionary<string, string> { [application.Evidence[0].CriterionId] = "Why?" }, former, _data.Now)[0];
        application.AnswerChangeRequest(request.Id, "Because.", _applicant, _data.Now);
        _data.Submit(application, _applicant);
        application.AssignAuditor(_auditor, _certifier, _data.Now);
        _data.AssessAll(application, _auditor);
        application.Recommend(true, "Summary", AuditChecklist.ComputeDigest(application), _auditor, _data.Now);
        var digest = AuditChecklist.ComputeDigest(application);

        Assert.Throws<DomainRuleViolation>(() => application.Decide(true, "Approve.", digest, digest, former, _data.Now));
    }

    [Fact]
    public void A_member_of_the_applicant_organization_cannot_decide()
    {
        var application = _data.Recommended(_organization, _applicant, _auditor);
        var insider = new Actor("insider", "Insider", _organization.Id, new HashSet<string>([Roles.Certifier]));
        var digest = AuditChecklist.ComputeDigest(application);

        var error = Assert.Throws<DomainRuleViolation>(() => application.Decide(true, "Approve.", digest, digest, insider, _data.Now));

        Assert.Contains("Conflict of interest", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Auditor)]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Applicant)]
    public void Only_a_certifier_can_decide(string role)
    {
        var application = _data.Recommended(_organization, _applicant, _auditor);
        var digest = AuditChecklist.ComputeDigest(application);

        Assert.Throws<DomainRuleViolation>(() => application.Decide(true, "Approve.", digest, digest, ApplicationTestData.Staff("x", role), _data.Now));
        Assert.Null(application.DecidedById);
    }

    [Fact]
    public void Decision_is_refused_when_the_checklist_changed_after_the_certifier_looked()
    {
        var application = _data.Recommended(_organization, _applicant, _auditor);
        var current = AuditChecklist.ComputeDigest(application);

        var error = Assert.Throws<DomainRuleViolation>(() => application.Decide(true, "Approve.", "sha256:stale", current, _certifier, _data.Now));
        Assert.Contains("checklist changed", error.Message, StringComparison.Ordinal);

        // The recommendation itself pinned a digest: a current digest that differs from it is refused too.
        Assert.Throws<DomainRuleViolation>(() => application.Decide(true, "Approve.", "sha256:other", "sha256:other", _certifier, _data.Now));
        Assert.Equal(ApplicationStatus.Recommended, application.Status);

        application.Decide(true, "Approve.", current, current, _certifier, _data.Now);
        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.Equal("certifier-1", application.DecidedById);
    }

    [Fact]
    public void Decision_needs_a_reason()
    {
        var application = _data.Recommended(_organization, _applicant, _auditor);
        var digest = AuditChecklist.ComputeDigest(application);

        Assert.Throws<DomainRuleViolation>(() => application.Decide(false, "  ", digest, digest, _certifier, _data.Now));
    }

    [Fact]
    public void A_second_decision_is_refused()
    {
        var application = _data.Decided(_organization, _applicant, _auditor, _certifier, approve: true);
        var digest = AuditChecklist.ComputeDigest(application);

        Assert.Throws<DomainRuleViolation>(() => application.Decide(false, "Changed my mind.", digest, digest, ApplicationTestData.Certifier("c2"), _data.Now));

        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.Equal("certifier-1", application.DecidedById);
    }

    [Fact]
    public void Billing_flags_need_certifier_or_admin_and_paid_implies_invoiced()
    {
        var application = _data.Submitted(_organization, _applicant);

        Assert.Throws<DomainRuleViolation>(() => application.SetBilling(true, true, _auditor, _data.Now));
        application.SetBilling(false, true, _certifier, _data.Now);

        Assert.True(application.InvoiceSent);
        Assert.True(application.FeePaid);
    }
}
