using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace SealService.Apply;

/// <summary>English labels (translation keys) for states, answers and audit actions the applicant pages show.</summary>
public static class ApplicationText
{
    private static readonly Dictionary<string, string> Actions = new(StringComparer.Ordinal)
    {
        ["application.started"] = "Application started",
        ["application.product-updated"] = "Product details changed",
        ["application.submitted"] = "Submitted",
        ["application.resubmitted"] = "Answers submitted (new revision)",
        ["application.auditor-assigned"] = "Auditor assigned",
        ["application.changes-requested"] = "Changes requested",
        ["application.recommended"] = "Recommendation made",
        ["application.decided"] = "Decision made",
        ["application.approved"] = "Approved",
        ["application.rejected"] = "Rejected",
        ["application.issued"] = "Seal issued",
        ["certificate.issued"] = "Seal issued",
        ["audit.assigned"] = "Auditor assigned",
        ["audit.changes-requested"] = "Changes requested",
        ["audit.recommended"] = "Recommendation made",
        ["certification.approved"] = "Approved",
        ["certification.rejected"] = "Rejected",
    };

    /// <summary>The audit actions an applicant's timeline shows: milestones, not the auditor's working steps.</summary>
    public static IReadOnlyCollection<string> TimelineActions => Actions.Keys;

    public static string Status(ApplicationStatus status) => StatusLabels.Of(status);

    public static string StatusTag(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Approved or ApplicationStatus.Issued => "ok",
        ApplicationStatus.ChangesRequested or ApplicationStatus.Draft => "warn",
        ApplicationStatus.Rejected => "bad",
        _ => "",
    };

    public static string Answer(DeclarationAnswer answer) => answer switch
    {
        DeclarationAnswer.Met => "Met",
        DeclarationAnswer.PartiallyMet => "Partially met",
        DeclarationAnswer.NotMet => "Not met",
        DeclarationAnswer.NotApplicable => "Not applicable",
        _ => "Not answered",
    };

    /// <summary>A readable label for an audit action; actions of other features without a label show as written.</summary>
    public static string Action(string action) => Actions.GetValueOrDefault(action ?? "", action ?? "");

    /// <summary>All error messages of a form, model-level first, for the error summary.</summary>
    public static IReadOnlyList<string> Errors(ModelStateDictionary modelState)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        return modelState.OrderBy(e => e.Key.Length == 0 ? 0 : 1)
            .SelectMany(e => e.Value?.Errors ?? [])
            .Select(e => e.ErrorMessage)
            .Where(m => !string.IsNullOrWhiteSpace(m))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
