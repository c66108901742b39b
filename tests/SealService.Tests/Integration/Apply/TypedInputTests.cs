using System.Net;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

/// <summary>Issue 12 item 2: uploading evidence never resets what the applicant typed into the declaration.</summary>
public sealed class TypedInputTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private static readonly Dictionary<string, string> Typed = new()
    {
        ["Input.Answer"] = nameof(DeclarationAnswer.Met),
        ["Input.Explanation"] = "Our headquarters are in Leipzig; see the register extract.",
    };

    [Fact]
    public async Task Uploading_evidence_keeps_and_saves_the_typed_declaration()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);

        var response = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "register.pdf", ApplyTestData.Pdf(), typed: Typed);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var application = await ApplyTestData.LoadAsync(factory, id);
        var declaration = application.Declarations.Single(d => d.CriterionId == "SMIG-HQ");
        Assert.Equal(DeclarationAnswer.Met, declaration.Answer);
        Assert.Equal(Typed["Input.Explanation"], declaration.Explanation);
        Assert.Single(application.Evidence, e => e.CriterionId == "SMIG-HQ" && e.IsCurrent);
    }

    [Fact]
    public async Task Upload_without_a_file_keeps_the_typed_declaration_and_says_so_at_the_file_field()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);

        var response = await ApplyTestData.UploadAsync(client, id, "SMIG-HQ", "", [], typed: Typed);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Equal(Typed["Input.Explanation"], page.QuerySelector("textarea[name='Input.Explanation']")!.TextContent.Trim());
        Assert.Equal(nameof(DeclarationAnswer.Met), page.QuerySelector("select[name='Input.Answer'] option[selected]")!.GetAttribute("value"));
        var file = page.QuerySelector("#evidence-file")!;
        Assert.Equal("true", file.GetAttribute("aria-invalid"));
        Assert.Contains("Choose a file to upload.", page.GetElementById(file.GetAttribute("aria-describedby")!.Split(' ')[0])!.TextContent, StringComparison.Ordinal);
    }
}
