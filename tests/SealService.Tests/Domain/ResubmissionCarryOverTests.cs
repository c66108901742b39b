using SealService.Audit;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Domain;

/// <summary>
/// Issue 12 item 4: after a change request the auditor keeps every result the applicant gave no reason to revisit. A result
/// is carried over when the criterion's declaration and evidence are unchanged and nobody asked about it; changed and
/// questioned criteria are open again; the auditor can reopen a carried result.
/// </summary>
public sealed class ResubmissionCarryOverTests
{
    private readonly ApplicationTestData _data = new();
    private readonly Organization _organization;
    private readonly Actor _applicant;
    private readonly Actor _auditor = ApplicationTestData.Auditor("auditor-1");

    public ResubmissionCarryOverTests()
    {
        _organization = _data.NewOrganization();
        _applicant = ApplicationTestData.ApplicantOf(_organization);
    }

    /// <summary>In audit, every criterion assessed for revision 1, then one question about <paramref name="questioned"/>.</summary>
    private SealApplication AssessedAndQuestioned(out string questioned, out List<string> others)
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        _data.AssessAll(application, _auditor);
        questioned = application.Declarations[0].CriterionId;
        var asked = questioned;
        others = application.Declarations.Select(d => d.CriterionId).Where(c => c != asked).ToList();
        application.RequestChanges(new Dictionary<string, string> { [questioned] = "Please explain where development happens." }, _auditor, _data.Now);
        return application;
    }

    private void Answer(SealApplication application)
    {
        foreach (var request in application.ChangeRequests.Where(c => c.IsOpen))
        {
            application.AnswerChangeRequest(request.Id, "Answered.", _applicant, _data.Now);
        }
    }

    private void Resubmit(SealApplication application)
    {
        Answer(application);
        _data.Now = _data.Now.AddDays(1);
        _data.Submit(application, _applicant);
    }

    [Fact]
    public void Unchanged_criteria_carry_their_result_into_the_new_revision_and_the_questioned_one_is_open_again()
    {
        var application = AssessedAndQuestioned(out var questioned, out var others);
        var resultsBefore = application.Assessments.ToDictionary(a => a.CriterionId, a => (a.Result, a.Comment, a.ReviewedEvidence, a.AssessedById, a.AssessedAt));

        Resubmit(application);

        Assert.Equal(2, application.CurrentRevision);
        Assert.Equal(ApplicationStatus.InAudit, application.Status);
        foreach (var criterion in others)
        {
            var assessment = application.Assessments.Single(a => a.CriterionId == criterion);
            Assert.Equal(2, assessment.Revision);
            Assert.True(assessment.IsCarriedOver);
            Assert.Equal(1, assessment.CarriedFromRevision);
            // The result itself is the auditor's, untouched: same result, comment, evidence, person and time.
            Assert.Equal(resultsBefore[criterion], (assessment.Result, assessment.Comment, assessment.ReviewedEvidence, assessment.AssessedById, assessment.AssessedAt));
        }

        var reopened = application.Assessments.Single(a => a.CriterionId == questioned);
        Assert.Equal(1, reopened.Revision);
        Assert.False(reopened.IsCarriedOver);
        Assert.True(application.QuestionedBeforeCurrentRevision(questioned));
        Assert.False(application.ChangedSincePreviousRevision(questioned));
        Assert.Equal(others.Order(StringComparer.Ordinal), application.CarriedOverAssessments().Select(a => a.CriterionId));
        Assert.Equal([questioned], application.ReopenedAssessments().Select(a => a.CriterionId));

        // Only the reopened criterion stands between the auditor and the recommendation.
        Assert.False(application.AllCriteriaAssessed);
        Assert.Throws<DomainRuleViolation>(() => application.Recommend(true, "All fine.", AuditChecklist.ComputeDigest(application), _auditor, _data.Now));
        application.Assess(questioned, AssessmentResult.Conforms, "Answered well.", application.Evidence.Where(e => e.CriterionId == questioned).Select(e => e.Sha256), _auditor, _data.Now);
        Assert.True(application.AllCriteriaAssessed);
        application.Recommend(true, "All fine.", AuditChecklist.ComputeDigest(application), _auditor, _data.Now);
        Assert.Equal(ApplicationStatus.Recommended, application.Status);
    }

    [Fact]
    public void A_changed_declaration_reopens_its_criterion_and_shows_what_it_said_before()
    {
        var application = AssessedAndQuestioned(out var questioned, out _);
        var before = application.Declarations.Single(d => d.CriterionId == questioned).Explanation;
        application.Declare(questioned, DeclarationAnswer.PartiallyMet, "Development moved partly to Leipzig.", _applicant, _data.Now);

        Resubmit(application);

        Assert.True(application.ChangedSincePreviousRevision(questioned));
        Assert.Equal(1, application.Assessments.Single(a => a.CriterionId == questioned).Revision);
        var item = AuditChecklist.Build(application, _data.Catalog()).Items.Single(i => i.Criterion.Id == questioned);
        Assert.True(item.IsReopened);
        Assert.True(item.IsHighlighted);
        var changes = Assert.IsType<CriterionChanges>(item.Changes);
        Assert.Equal(1, changes.PreviousRevision);
        Assert.True(changes.DeclarationChanged);
        Assert.Equal(DeclarationAnswer.Met, changes.Previous!.Answer);
        Assert.Equal(before, changes.Previous.Explanation);
        Assert.False(changes.EvidenceChanged);
    }

    [Fact]
    public void Changed_evidence_reopens_its_criterion_and_names_the_files_added_and_removed_but_the_same_file_again_changes_nothing()
    {
        var application = AssessedAndQuestioned(out var questioned, out _);
        var old = application.Evidence.Single(e => e.CriterionId == questioned && e.IsCurrent);
        application.RemoveEvidence(old.Id, _applicant, _data.Now);
        var added = _data.AddEvidence(application, questioned, _applicant);

        Resubmit(application);

        Assert.True(application.ChangedSincePreviousRevision(questioned));
        var changes = AuditChecklist.Build(application, _data.Catalog()).Items.Single(i => i.Criterion.Id == questioned).Changes!;
        Assert.False(changes.DeclarationChanged);
        Assert.Equal([added.Sha256], changes.EvidenceAdded.Select(e => e.Sha256));
        Assert.Equal([old.Sha256], changes.EvidenceRemoved.Select(e => e.Sha256));

        // Removing a file and attaching the same bytes again is no change: the content decides, not the upload time.
        var second = AssessedAndQuestioned(out var criterion, out _);
        var file = second.Evidence.Single(e => e.CriterionId == criterion && e.IsCurrent);
        second.RemoveEvidence(file.Id, _applicant, _data.Now);
        second.AddEvidence(new EvidenceFile(second.Id, criterion, file.OriginalName, "again", file.ContentType, file.Size, file.Sha256, file.ValidUntil, _applicant, _data.Now), _applicant, _data.Now);
        Resubmit(second);
        Assert.False(second.ChangedSincePreviousRevision(criterion));
        Assert.True(second.QuestionedBeforeCurrentRevision(criterion));
    }

    [Fact]
    public void A_criterion_not_assessed_before_stays_unassessed_and_a_result_is_carried_over_several_revisions_from_where_it_was_given()
    {
        var application = _data.InAudit(_organization, _applicant, _auditor);
        var criteria = application.Declarations.Select(d => d.CriterionId).ToList();
        application.Assess(criteria[1], AssessmentResult.Conforms, "Fine.", [], _auditor, _data.Now);
        application.RequestChanges(new Dictionary<string, string> { [criteria[0]] = "Why?" }, _auditor, _data.Now);
        Resubmit(application);

        Assert.Null(application.Assessments.SingleOrDefault(a => a.CriterionId == criteria[2]));
        Assert.Equal(1, application.Assessments.Single(a => a.CriterionId == criteria[1]).CarriedFromRevision);

        application.RequestChanges(new Dictionary<string, string> { [criteria[0]] = "And now?" }, _auditor, _data.Now);
        Resubmit(application);

        var carried = application.Assessments.Single(a => a.CriterionId == criteria[1]);
        Assert.Equal(3, carried.Revision);
        Assert.Equal(1, carried.CarriedFromRevision);
    }

    [Fact]
    public void The_auditor_reopens_a_carried_result_which_must_then_be_assessed_again()
    {
        var application = AssessedAndQuestioned(out var questioned, out var others);
        Resubmit(application);
        application.Assess(questioned, AssessmentResult.Conforms, "Answered.", [], _auditor, _data.Now);
        Assert.True(application.AllCriteriaAssessed);
        var digestBefore = AuditChecklist.ComputeDigest(application);

        var reopened = application.ReopenAssessment(others[0], _auditor, _data.Now);

        Assert.Equal(1, reopened.Revision);
        Assert.False(reopened.IsCarriedOver);
        Assert.False(application.AllCriteriaAssessed);
        Assert.NotEqual(digestBefore, AuditChecklist.ComputeDigest(application));
        var item = AuditChecklist.Build(application, _data.Catalog()).Items.Single(i => i.Criterion.Id == others[0]);
        Assert.True(item.IsReopened);
        Assert.False(item.IsCarriedOver);

        // Assessing again gives a result of this revision, no longer marked as carried.
        application.Assess(others[0], AssessmentResult.MinorNonconformity, "Looked again: the evidence is thin.", [], _auditor, _data.Now);
        var fresh = application.Assessments.Single(a => a.CriterionId == others[0]);
        Assert.Equal(2, fresh.Revision);
        Assert.Null(fresh.CarriedFromRevision);
        Assert.True(application.AllCriteriaAssessed);
    }

    [Fact]
    public void Only_the_assigned_auditor_reopens_only_a_carried_result_and_only_in_audit()
    {
        var application = AssessedAndQuestioned(out var questioned, out var others);
        Resubmit(application);

        Assert.Throws<DomainRuleViolation>(() => application.ReopenAssessment(others[0], ApplicationTestData.Auditor("auditor-2"), _data.Now));
        Assert.Throws<DomainRuleViolation>(() => application.ReopenAssessment(others[0], _applicant, _data.Now));
        // Not carried: already open again, or assessed for this revision, or not a criterion at all.
        Assert.Throws<DomainRuleViolation>(() => application.ReopenAssessment(questioned, _auditor, _data.Now));
        application.Assess(questioned, AssessmentResult.Conforms, "Answered.", [], _auditor, _data.Now);
        Assert.Throws<DomainRuleViolation>(() => application.ReopenAssessment(questioned, _auditor, _data.Now));
        Assert.Throws<DomainRuleViolation>(() => application.ReopenAssessment("NO-SUCH", _auditor, _data.Now));
        Assert.True(application.Assessments.Single(a => a.CriterionId == others[0]).IsCarriedOver);

        application.Recommend(true, "All fine.", AuditChecklist.ComputeDigest(application), _auditor, _data.Now);
        Assert.Throws<DomainRuleViolation>(() => application.ReopenAssessment(others[0], _auditor, _data.Now));
        Assert.True(application.Assessments.Single(a => a.CriterionId == others[0]).IsCarriedOver);
    }

    [Fact]
    public void After_a_revision_that_did_not_record_what_each_criterion_said_nothing_is_carried_over()
    {
        var application = AssessedAndQuestioned(out _, out var others);
        // A revision submitted before the per-criterion record existed.
        typeof(ApplicationRevision).GetProperty(nameof(ApplicationRevision.CriterionDigests))!.SetValue(application.Revisions.Single(), "");

        Resubmit(application);

        Assert.Empty(application.CarriedOverAssessments());
        Assert.All(others, c => Assert.Equal(1, application.Assessments.Single(a => a.CriterionId == c).Revision));
        // Nothing was edited, so the timestamps say unchanged.
        Assert.All(others, c => Assert.False(application.ChangedSincePreviousRevision(c)));
    }

    [Fact]
    public void The_checklist_digest_tells_a_carried_result_from_one_given_for_the_revision()
    {
        var carried = AssessedAndQuestioned(out var questioned, out var others);
        Resubmit(carried);
        carried.Assess(questioned, AssessmentResult.Conforms, "Fine.", [], _auditor, _data.Now);
        var withCarried = AuditChecklist.ComputeDigest(carried);
        var assessment = carried.Assessments.Single(a => a.CriterionId == others[0]);

        carried.ReopenAssessment(others[0], _auditor, _data.Now);
        carried.Assess(others[0], assessment.Result, assessment.Comment, assessment.ReviewedEvidence.Split(',', StringSplitOptions.RemoveEmptyEntries), _auditor, _data.Now);

        Assert.NotEqual(withCarried, AuditChecklist.ComputeDigest(carried));
        Assert.Equal(1, AuditChecklist.Build(carried, _data.Catalog()).Items.Count(i => i.Criterion.Id == others[1] && i.IsCarriedOver));
    }
}
