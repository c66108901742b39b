using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Apply;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Apply;

public sealed class ApplicationJourneyTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task Applicant_starts_an_application_and_saves_a_declaration_through_the_forms()
    {
        var (_, organization, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var response = await client.SubmitFormAsync("/Apply/New", new Dictionary<string, string>
        {
            ["Input.ProgramId"] = "smig",
            ["Input.ProductName"] = "Lagerwelt ERP",
            ["Input.ProductVersion"] = "4.2",
            ["Input.ProductDescription"] = "Warehouse software",
            ["Input.ProductWebsite"] = "https://lagerwelt.example",
        }, "form#new-application-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.OriginalString;
        var id = Guid.Parse(location[(location.LastIndexOf('/') + 1)..]);

        var application = await ApplyTestData.LoadAsync(factory, id);
        Assert.Equal(organization.Id, application.OrganizationId);
        Assert.Equal(ApplicationStatus.Draft, application.Status);
        Assert.Equal("2025.1", application.CatalogVersion);
        Assert.Equal(6, application.Declarations.Count);

        response = await client.SubmitFormAsync($"/Apply/Application/{id}/Criterion/SMIG-HQ", new Dictionary<string, string>
        {
            ["Input.Answer"] = nameof(DeclarationAnswer.Met),
            ["Input.Explanation"] = "Unser Sitz ist in Berlin.",
        }, "form#declaration-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var declaration = (await ApplyTestData.LoadAsync(factory, id)).Declarations.Single(d => d.CriterionId == "SMIG-HQ");
        Assert.Equal(DeclarationAnswer.Met, declaration.Answer);
        Assert.Equal("Unser Sitz ist in Berlin.", declaration.Explanation);

        var page = await client.GetDocumentAsync($"/Apply/Application/{id}");
        Assert.Equal("Draft", page.QuerySelector("#application-status")!.GetAttribute("data-status"));
        Assert.Contains("SMIG-HQ", page.QuerySelector("#blockers")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("#fee-amount"));
    }

    [Fact]
    public async Task Submission_is_refused_with_the_blockers_while_mandatory_criteria_are_missing_and_nothing_changes()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        await ApplyTestData.CompleteAsync(factory, user, id, leaveOpen: "SMIG-HQ");
        var before = await ApplyTestData.LoadAsync(factory, id);

        var response = await client.SubmitFormAsync($"/Apply/Application/{id}/Submit", new Dictionary<string, string>
        {
            ["Input.Name"] = "Greta Geschäftsführerin",
            ["Input.Role"] = "Geschäftsführerin",
            ["Input.Confirm"] = "true",
        }, "form#submit-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        Assert.Contains("cannot be submitted yet", page.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("SMIG-HQ", page.QuerySelector("#submission-blockers")!.TextContent, StringComparison.Ordinal);
        var after = await ApplyTestData.LoadAsync(factory, id);
        Assert.Equal(ApplicationStatus.Draft, after.Status);
        Assert.Empty(after.Revisions);
        Assert.Equal(before.ConcurrencyStamp, after.ConcurrencyStamp);
    }

    [Fact]
    public async Task Submission_without_the_confirmation_tick_is_refused()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        await ApplyTestData.CompleteAsync(factory, user, id);

        var response = await client.SubmitFormAsync($"/Apply/Application/{id}/Submit", new Dictionary<string, string>
        {
            ["Input.Name"] = "Greta Geschäftsführerin",
            ["Input.Role"] = "Geschäftsführerin",
        }, "form#submit-form");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Tick the box", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Draft, (await ApplyTestData.LoadAsync(factory, id)).Status);
    }

    [Fact]
    public async Task Complete_application_is_submitted_with_attestation_and_frozen_snapshot_and_members_are_notified()
    {
        var (user, organization, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        await ApplyTestData.CompleteAsync(factory, user, id);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var mailsBefore = (await factory.PickupMailsAsync()).Length;

        var form = await client.GetDocumentAsync($"/Apply/Application/{id}/Submit");
        var shownText = form.QuerySelector("#attestation-text")!.TextContent;
        Assert.StartsWith("Als Geschäftsführerin", shownText, StringComparison.Ordinal);
        var response = await client.SubmitFormAsync(form, $"/Apply/Application/{id}/Submit", new Dictionary<string, string>
        {
            ["Input.Name"] = "Greta Geschäftsführerin",
            ["Input.Role"] = "Geschäftsführerin",
            ["Input.Confirm"] = "true",
        }, "form#submit-form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        var application = await ApplyTestData.LoadAsync(factory, id);
        Assert.Equal(ApplicationStatus.Submitted, application.Status);
        var revision = Assert.Single(application.Revisions);
        Assert.Equal(shownText, revision.AttestationText);
        Assert.Equal("Greta Geschäftsführerin", revision.AttestedByName);
        Assert.Equal(ApplicationSnapshot.Digest(revision.SnapshotJson), revision.Digest);
        // The snapshot is JSON: names with umlauts are escaped there, so compare the decoded text.
        var snapshotText = System.Text.Json.Nodes.JsonNode.Parse(revision.SnapshotJson)!.ToJsonString(
            new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        Assert.Contains(organization.LegalName, snapshotText, StringComparison.Ordinal);
        Assert.Contains(application.Evidence[0].Sha256, revision.SnapshotJson, StringComparison.Ordinal);
        Assert.Contains("smig@2025.1", revision.SnapshotJson, StringComparison.Ordinal);

        var page = await client.GetDocumentAsync($"/Apply/Application/{id}");
        Assert.Equal("Submitted", page.QuerySelector("#application-status")!.GetAttribute("data-status"));
        Assert.Equal("Eingereicht", page.QuerySelector("#application-status")!.TextContent.Trim());
        Assert.Contains(page.QuerySelectorAll("#timeline .timeline-entry"), li => li.GetAttribute("data-action") == "application.submitted");
        Assert.Null(page.QuerySelector("#go-submit"));
        Assert.True((await factory.PickupMailsAsync()).Length > mailsBefore);

        var audit = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.AnyAsync(e => e.Action == "application.submitted" && e.EntityId == id.ToString()));
        Assert.True(audit);
    }

    [Fact]
    public async Task Resubmission_after_a_change_request_keeps_the_history()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var id = await ApplyTestData.StartAsync(factory, user);
        await ApplyTestData.CompleteAsync(factory, user, id);
        await ApplyTestData.SubmitAsync(factory, user, id);
        var firstSnapshot = (await ApplyTestData.LoadAsync(factory, id)).Revisions.Single();

        var auditor = await factory.CreateUserAsync(Roles.Auditor);
        await factory.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var application = await db.Applications.Include(a => a.Declarations).Include(a => a.ChangeRequests).Include(a => a.Revisions).SingleAsync(a => a.Id == id);
            var auditorActor = ApplyTestData.ActorOf(auditor, Roles.Auditor);
            application.AssignAuditor(auditorActor, auditorActor, DateTimeOffset.UtcNow);
            var requests = application.RequestChanges(new Dictionary<string, string> { ["SMIG-MAINT"] = "Wo sitzt der Support genau?" }, auditorActor, DateTimeOffset.UtcNow);
            db.ChangeRequests.AddRange(requests);
            await db.SaveChangesAsync();
        });

        var page = await client.GetDocumentAsync($"/Apply/Application/{id}");
        Assert.Equal("ChangesRequested", page.QuerySelector("#application-status")!.GetAttribute("data-status"));
        var request = Assert.Single(page.QuerySelectorAll("#change-requests .change-request"));
        Assert.Equal("SMIG-MAINT", request.GetAttribute("data-criterion"));
        Assert.Contains("Wo sitzt der Support genau?", request.TextContent, StringComparison.Ordinal);

        var frozen = await client.GetDocumentAsync($"/Apply/Application/{id}/Criterion/SMIG-HQ");
        Assert.NotNull(frozen.QuerySelector("#read-only"));
        // A frozen criterion shows its declaration as text, without a (greyed) form; a hand-made post is refused.
        Assert.Null(frozen.QuerySelector("form#declaration-form"));
        Assert.Null(frozen.QuerySelector("#save-draft"));
        Assert.Contains("We meet SMIG-HQ.", frozen.QuerySelector("#declaration-read-only")!.TextContent, StringComparison.Ordinal);
        var refused = await client.PostAsync(new Uri($"/Apply/Application/{id}/Criterion/SMIG-HQ?handler=Save", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = frozen.AntiforgeryToken()!, ["Input.Answer"] = "NotMet", ["Input.Explanation"] = "changed",
        }));
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.DoesNotContain("changed", (await HtmlForms.ParseAsync(await refused.Content.ReadAsStringAsync())).QuerySelector("#declaration-read-only")!.TextContent, StringComparison.Ordinal);
        Assert.Equal($"We meet SMIG-HQ.", (await ApplyTestData.LoadAsync(factory, id)).Declarations.Single(d => d.CriterionId == "SMIG-HQ").Explanation);

        var saved = await client.SubmitFormAsync($"/Apply/Application/{id}/Criterion/SMIG-MAINT",
            new Dictionary<string, string> { ["Input.Answer"] = "Met", ["Input.Explanation"] = "Support sitzt in Leipzig." }, "form#declaration-form");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var answered = await client.SubmitFormAsync($"/Apply/Application/{id}", new Dictionary<string, string> { ["answer"] = "In Leipzig, siehe Erklärung." }, "form.answer-form");
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        var resubmitted = await client.SubmitFormAsync($"/Apply/Application/{id}/Submit", new Dictionary<string, string>
        {
            ["Input.Name"] = "Greta Geschäftsführerin",
            ["Input.Role"] = "Geschäftsführerin",
            ["Input.Confirm"] = "true",
        }, "form#submit-form");
        Assert.Equal(HttpStatusCode.Redirect, resubmitted.StatusCode);

        var application = await ApplyTestData.LoadAsync(factory, id);
        Assert.Equal(ApplicationStatus.InAudit, application.Status);
        Assert.Equal(2, application.Revisions.Count);
        var first = application.Revisions.Single(r => r.Number == 1);
        Assert.Equal(firstSnapshot.SnapshotJson, first.SnapshotJson);
        Assert.Equal(firstSnapshot.Digest, first.Digest);
        Assert.DoesNotContain("Leipzig", first.SnapshotJson, StringComparison.Ordinal);
        Assert.Contains("Support sitzt in Leipzig.", application.Revisions.Single(r => r.Number == 2).SnapshotJson, StringComparison.Ordinal);
        var closed = Assert.Single(application.ChangeRequests);
        Assert.Equal(2, closed.AnsweredInRevision);
        Assert.Equal("In Leipzig, siehe Erklärung.", closed.Answer);
    }

    [Fact]
    public async Task Index_lists_the_organizations_applications_and_pages_render_in_german()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory);
        var smig = await ApplyTestData.StartAsync(factory, user, "smig");
        var rwts = await ApplyTestData.StartAsync(factory, user, "rwts");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");

        var index = await client.GetDocumentAsync("/Apply");
        var rows = index.QuerySelectorAll("#applications .application-row").Select(r => r.GetAttribute("data-application-id")).ToList();
        Assert.Contains(smig.ToString(), rows);
        Assert.Contains(rwts.ToString(), rows);
        Assert.Contains("Neuen Antrag stellen", index.Body!.TextContent, StringComparison.Ordinal);

        var application = await ApplyTestData.TextAsync(client, $"/Apply/Application/{smig}");
        Assert.Contains("Bereit zum Einreichen?", application, StringComparison.Ordinal);
        Assert.Contains("Die Gebühren legt die Zertifizierungsstelle fest", application, StringComparison.Ordinal);
        var criterion = await ApplyTestData.TextAsync(client, $"/Apply/Application/{smig}/Criterion/SMIG-HQ");
        Assert.Contains("Entwurf speichern", criterion, StringComparison.Ordinal);
        var newPage = await client.GetDocumentAsync("/Apply/New");
        Assert.NotNull(newPage.QuerySelector("#draft-note-rwts"));
        Assert.Null(newPage.QuerySelector("#draft-note-smig"));
    }

    [Fact]
    public async Task Association_members_see_the_member_fee()
    {
        var (user, _, client) = await ApplyTestData.SignedInApplicantAsync(factory, member: true);
        var id = await ApplyTestData.StartAsync(factory, user);
        var page = await client.GetDocumentAsync($"/Apply/Application/{id}");
        Assert.Equal("500.00 EUR", page.QuerySelector("#fee-amount")!.TextContent.Trim());
    }
}
