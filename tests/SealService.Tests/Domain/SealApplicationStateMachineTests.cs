using SealService.Admin;
using SealService.Audit;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Domain;

/// <summary>Every operation tried in every status: the allowed ones move to the expected status, the others refuse and change nothing.</summary>
public sealed class SealApplicationStateMachineTests
{
    private static readonly Actor TheAuditor = ApplicationTestData.Auditor("auditor-1");
    private static readonly Actor TheCertifier = ApplicationTestData.Certifier("certifier-1");

    public enum Operation
    {
        UpdateProduct,
        Declare,
        AddEvidence,
        RemoveEvidence,
        Submit,
        AnswerChangeRequest,
        AssignAuditor,
        Assess,
        RequestChanges,
        Recommend,
        Decide,
        MarkIssued,
        SetBilling,
    }

    /// <summary>Status after the operation when it is allowed in that status; absent means it must be refused.</summary>
    private static readonly Dictionary<(ApplicationStatus, Operation), ApplicationStatus> Allowed = new()
    {
        [(ApplicationStatus.Draft, Operation.UpdateProduct)] = ApplicationStatus.Draft,
        [(ApplicationStatus.Draft, Operation.Declare)] = ApplicationStatus.Draft,
        [(ApplicationStatus.Draft, Operation.AddEvidence)] = ApplicationStatus.Draft,
        [(ApplicationStatus.Draft, Operation.RemoveEvidence)] = ApplicationStatus.Draft,
        [(ApplicationStatus.Draft, Operation.Submit)] = ApplicationStatus.Submitted,
        [(ApplicationStatus.ChangesRequested, Operation.Declare)] = ApplicationStatus.ChangesRequested,
        [(ApplicationStatus.ChangesRequested, Operation.AddEvidence)] = ApplicationStatus.ChangesRequested,
        [(ApplicationStatus.ChangesRequested, Operation.RemoveEvidence)] = ApplicationStatus.ChangesRequested,
        [(ApplicationStatus.ChangesRequested, Operation.AnswerChangeRequest)] = ApplicationStatus.ChangesRequested,
        [(ApplicationStatus.ChangesRequested, Operation.Submit)] = ApplicationStatus.InAudit,
        [(ApplicationStatus.Submitted, Operation.AssignAuditor)] = ApplicationStatus.InAudit,
        [(ApplicationStatus.InAudit, Operation.AssignAuditor)] = ApplicationStatus.InAudit,
        [(ApplicationStatus.ChangesRequested, Operation.AssignAuditor)] = ApplicationStatus.ChangesRequested,
        [(ApplicationStatus.InAudit, Operation.Assess)] = ApplicationStatus.InAudit,
        [(ApplicationStatus.InAudit, Operation.RequestChanges)] = ApplicationStatus.ChangesRequested,
        [(ApplicationStatus.InAudit, Operation.Recommend)] = ApplicationStatus.Recommended,
        [(ApplicationStatus.Recommended, Operation.Decide)] = ApplicationStatus.Approved,
        [(ApplicationStatus.Approved, Operation.MarkIssued)] = ApplicationStatus.Issued,
        [(ApplicationStatus.Submitted, Operation.SetBilling)] = ApplicationStatus.Submitted,
        [(ApplicationStatus.InAudit, Operation.SetBilling)] = ApplicationStatus.InAudit,
        [(ApplicationStatus.ChangesRequested, Operation.SetBilling)] = ApplicationStatus.ChangesRequested,
        [(ApplicationStatus.Recommended, Operation.SetBilling)] = ApplicationStatus.Recommended,
        [(ApplicationStatus.Approved, Operation.SetBilling)] = ApplicationStatus.Approved,
        [(ApplicationStatus.Rejected, Operation.SetBilling)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.Issued, Operation.SetBilling)] = ApplicationStatus.Issued,
    };

    public static TheoryData<ApplicationStatus, Operation> AllCombinations()
    {
        var data = new TheoryData<ApplicationStatus, Operation>();
        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            foreach (var operation in Enum.GetValues<Operation>())
            {
                data.Add(status, operation);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Operation_is_allowed_exactly_in_its_statuses(ApplicationStatus status, Operation operation)
    {
        var data = new ApplicationTestData();
        var (application, applicant) = InStatus(data, status);
        Assert.Equal(status, application.Status);

        if (Allowed.TryGetValue((status, operation), out var expected))
        {
            Run(data, application, applicant, operation);
            Assert.Equal(expected, application.Status);
        }
        else
        {
            var revisions = application.Revisions.Count;
            var assessments = application.Assessments.Count;
            var requests = application.ChangeRequests.Count;
            Assert.Throws<DomainRuleViolation>(() => Run(data, application, applicant, operation));
            Assert.Equal(status, application.Status);
            Assert.Equal(revisions, application.Revisions.Count);
            Assert.Equal(assessments, application.Assessments.Count);
            Assert.Equal(requests, application.ChangeRequests.Count);
        }
    }

    [Fact]
    public void Every_status_is_reachable_through_the_domain()
    {
        var data = new ApplicationTestData();
        Assert.All(Enum.GetValues<ApplicationStatus>(), status => Assert.Equal(status, InStatus(data, status).Application.Status));
    }

    private static (SealApplication Application, Actor Applicant) InStatus(ApplicationTestData data, ApplicationStatus status)
    {
        var organization = data.NewOrganization();
        var applicant = ApplicationTestData.ApplicantOf(organization);
        SealApplication application;
        switch (status)
        {
            case ApplicationStatus.Draft:
                application = data.Draft(organization, applicant);
                break;
            case ApplicationStatus.Submitted:
                application = data.Submitted(organization, applicant);
                break;
            case ApplicationStatus.InAudit:
                application = data.InAudit(organization, applicant, TheAuditor);
                data.AssessAll(application, TheAuditor);
                break;
            case ApplicationStatus.ChangesRequested:
                application = data.ChangesRequested(organization, applicant, TheAuditor);
                break;
            case ApplicationStatus.Recommended:
                application = data.Recommended(organization, applicant, TheAuditor);
                break;
            case ApplicationStatus.Approved:
                application = data.Decided(organization, applicant, TheAuditor, TheCertifier, approve: true);
                break;
            case ApplicationStatus.Rejected:
                application = data.Decided(organization, applicant, TheAuditor, TheCertifier, approve: false);
                break;
            case ApplicationStatus.Issued:
                application = data.Decided(organization, applicant, TheAuditor, TheCertifier, approve: true);
                application.MarkIssued(data.Now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status));
        }

        return (application, applicant);
    }

    private static void Run(ApplicationTestData data, SealApplication application, Actor applicant, Operation operation)
    {
        var now = data.Now;
        // In ChangesRequested only the criterion sent back is editable; elsewhere any criterion will do.
        var criterionId = application.ChangeRequests.FirstOrDefault(c => c.IsOpen)?.CriterionId ?? application.Evidence[0].CriterionId;
        switch (operation)
        {
            case Operation.UpdateProduct:
                application.UpdateProduct(new ProductInfo("Renamed product", "2.0", null, null), applicant, now);
                break;
            case Operation.Declare:
                application.Declare(criterionId, DeclarationAnswer.PartiallyMet, "Updated explanation.", applicant, now);
                break;
            case Operation.AddEvidence:
                data.AddEvidence(application, criterionId, applicant);
                break;
            case Operation.RemoveEvidence:
                application.RemoveEvidence(application.Evidence.First(e => e.CriterionId == criterionId && e.IsCurrent).Id, applicant, now);
                break;
            case Operation.Submit:
                foreach (var open in application.ChangeRequests.Where(c => c.IsOpen && application.Status == ApplicationStatus.ChangesRequested).ToList())
                {
                    application.AnswerChangeRequest(open.Id, "Answered.", applicant, now);
                }

                data.Submit(application, applicant);
                break;
            case Operation.AnswerChangeRequest:
                application.AnswerChangeRequest((application.ChangeRequests.Count > 0 ? application.ChangeRequests[0].Id : Guid.NewGuid()), "Here is the answer.", applicant, now);
                break;
            case Operation.AssignAuditor:
                application.AssignAuditor(TheAuditor, TheCertifier, now);
                break;
            case Operation.Assess:
                application.Assess(criterionId, AssessmentResult.Conforms, "Fine.", [], TheAuditor, now);
                break;
            case Operation.RequestChanges:
                application.RequestChanges(new Dictionary<string, string> { [criterionId] = "Why?" }, TheAuditor, now);
                break;
            case Operation.Recommend:
                application.Recommend(true, "All good.", AuditChecklist.ComputeDigest(application), TheAuditor, now);
                break;
            case Operation.Decide:
                var digest = AuditChecklist.ComputeDigest(application);
                application.Decide(true, "Approved.", digest, digest, ApplicationTestData.Certifier("certifier-2"), now);
                break;
            case Operation.MarkIssued:
                application.MarkIssued(now);
                break;
            case Operation.SetBilling:
                application.SetBilling(true, false, TheCertifier, now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(operation));
        }
    }
}
