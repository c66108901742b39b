using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Audit;

/// <summary>Issue 12 items 2 and 3 for auditors: no preselected result, and a refused assessment keeps what was chosen and typed, with the error at the field.</summary>
public sealed class AssessmentFormTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private readonly AuditScenario _scenario = new(factory);

    private async Task<(Guid Id, HttpClient Auditor)> InAuditAsync()
    {
        var (organization, applicant) = await _scenario.NewApplicantAsync();
        var auditor = await factory.CreateUserAsync(Roles.Auditor);
        var id = await _scenario.StoreAsync(d => d.InAudit(organization, ApplicationTestData.ApplicantOf(organization, applicant.Id), AuditScenario.ActorOf(auditor, Roles.Auditor)));
        return (id, await _scenario.SignedInAsync(auditor));
    }

    [Fact]
    public async Task No_result_is_preselected()
    {
        var (id, auditor) = await InAuditAsync();
        var page = await auditor.GetDocumentAsync($"/Audit/Application/{id}");
        var selects = page.QuerySelectorAll<IHtmlSelectElement>("form.assess-form select[name='assess.Result']").ToList();
        Assert.NotEmpty(selects);
        Assert.All(selects, s => Assert.Equal("", s.Value));
    }

    [Fact]
    public async Task A_nonconformity_without_comment_keeps_result_and_reviewed_evidence_and_points_at_the_comment()
    {
        var (id, auditor) = await InAuditAsync();
        var page = await auditor.GetDocumentAsync($"/Audit/Application/{id}");
        var form = page.QuerySelectorAll("form.assess-form").First(f => f.QuerySelector("input[name='assess.ReviewedEvidence']") is not null);
        var criterion = form.Id!["assess-".Length..];
        var evidence = form.QuerySelector<IHtmlInputElement>("input[name='assess.ReviewedEvidence']")!.Value;

        var response = await auditor.SubmitFormAsync(page, $"/Audit/Application/{id}", new Dictionary<string, string>
        {
            ["assess.Result"] = nameof(AssessmentResult.MajorNonconformity), ["assess.Comment"] = "", ["assess.ReviewedEvidence"] = evidence,
        }, $"#assess-{criterion}", $"#assess-submit-{criterion}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        var refused = after.GetElementById($"assess-{criterion}")!;
        Assert.Equal(nameof(AssessmentResult.MajorNonconformity), refused.QuerySelector<IHtmlSelectElement>("select")!.Value);
        Assert.True(refused.QuerySelector<IHtmlInputElement>($"input[value='{evidence}']")!.IsChecked, "The reviewed evidence was unticked.");
        var comment = refused.QuerySelector("textarea")!;
        Assert.Equal("true", comment.GetAttribute("aria-invalid"));
        var message = after.GetElementById(comment.GetAttribute("aria-describedby")!.Split(' ')[0])!;
        Assert.Contains("A nonconformity needs a comment", message.TextContent, StringComparison.Ordinal);
        Assert.True(refused.Contains(message), "The error is not next to the field.");
        Assert.NotNull(after.QuerySelector("script[src^='/js/site.js']"));
        Assert.DoesNotContain((await _scenario.LoadAsync(id)).Assessments, a => a.CriterionId == criterion);
    }
}
