using SealService.Audit;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Domain;

public sealed class AuditChecklistTests
{
    private readonly ApplicationTestData _data = new();
    private readonly Actor _auditor = ApplicationTestData.Auditor();

    [Fact]
    public void Digest_is_stable_and_changes_with_every_assessed_field()
    {
        var organization = _data.NewOrganization();
        var application = _data.InAudit(organization, ApplicationTestData.ApplicantOf(organization), _auditor);
        _data.AssessAll(application, _auditor);
        var criterion = application.Evidence[0].CriterionId;
        var digest = AuditChecklist.ComputeDigest(application);
        Assert.StartsWith("sha256:", digest, StringComparison.Ordinal);
        Assert.Equal(digest, AuditChecklist.ComputeDigest(application));

        var seen = new HashSet<string> { digest };
        application.Assess(criterion, AssessmentResult.NotApplicable, "Fine.", [application.Evidence[0].Sha256], _auditor, _data.Now);
        Assert.True(seen.Add(AuditChecklist.ComputeDigest(application)));
        application.Assess(criterion, AssessmentResult.NotApplicable, "Other comment.", [application.Evidence[0].Sha256], _auditor, _data.Now);
        Assert.True(seen.Add(AuditChecklist.ComputeDigest(application)));
        application.Assess(criterion, AssessmentResult.NotApplicable, "Other comment.", [], _auditor, _data.Now);
        Assert.True(seen.Add(AuditChecklist.ComputeDigest(application)));
    }

    [Fact]
    public void Checklist_follows_catalog_order_counts_progress_and_marks_changed_criteria()
    {
        var organization = _data.NewOrganization();
        var applicant = ApplicationTestData.ApplicantOf(organization);
        var application = _data.InAudit(organization, applicant, _auditor);
        var catalog = _data.Catalog();
        var ordered = catalog.Criteria.OrderBy(c => c.Order).Select(c => c.Id).ToList();
        application.Assess(ordered[0], AssessmentResult.Conforms, "", [], _auditor, _data.Now);

        var checklist = AuditChecklist.Build(application, catalog);
        Assert.Equal(ordered, checklist.Items.Select(i => i.Criterion.Id).ToList());
        Assert.Equal(1, checklist.AssessedCount);
        Assert.Null(checklist.PreviousRevision);
        Assert.DoesNotContain(checklist.Items, i => i.ChangedSincePreviousRevision);

        var changed = application.Evidence[0].CriterionId;
        var request = application.RequestChanges(new Dictionary<string, string> { [changed] = "Please update." }, _auditor, _data.Now)[0];
        _data.Now = _data.Now.AddDays(2);
        application.Declare(changed, DeclarationAnswer.Met, "Updated declaration.", applicant, _data.Now);
        application.AnswerChangeRequest(request.Id, "Done.", applicant, _data.Now);
        _data.Now = _data.Now.AddDays(1);
        _data.Submit(application, applicant);

        checklist = AuditChecklist.Build(application, catalog);
        Assert.Equal(1, checklist.PreviousRevision?.Number);
        Assert.Equal([changed], checklist.Items.Where(i => i.ChangedSincePreviousRevision).Select(i => i.Criterion.Id).ToList());
        // The one criterion assessed for revision 1 counts for revision 2 unless it is the one that changed.
        Assert.Equal(changed == ordered[0] ? 0 : 1, checklist.AssessedCount);
        Assert.Equal(checklist.AssessedCount, checklist.CarriedOverCount);
    }

    [Fact]
    public void New_or_removed_evidence_marks_a_criterion_changed()
    {
        var organization = _data.NewOrganization();
        var applicant = ApplicationTestData.ApplicantOf(organization);
        var application = _data.ChangesRequested(organization, applicant, _auditor);
        var criterion = application.ChangeRequests[0].CriterionId;
        _data.Now = _data.Now.AddHours(5);
        application.RemoveEvidence(application.Evidence.First(e => e.CriterionId == criterion).Id, applicant, _data.Now);
        _data.AddEvidence(application, criterion, applicant);
        application.AnswerChangeRequest(application.ChangeRequests[0].Id, "New document uploaded.", applicant, _data.Now);
        _data.Submit(application, applicant);

        var checklist = AuditChecklist.Build(application, _data.Catalog());

        Assert.Equal([criterion], checklist.Items.Where(i => i.ChangedSincePreviousRevision).Select(i => i.Criterion.Id).ToList());
    }
}
