using SealService.Apply;
using SealService.Domain;
using SealService.Programs;
using SealService.Tests.Integration.Apply;

namespace SealService.Tests.Domain;

public sealed class ApplicationSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static CriteriaCatalog Catalog() =>
        CatalogLoader.LoadDirectory(Path.Combine(AppContext.BaseDirectory, "Programs")).Single(c => c.ProgramId == "smig");

    [Fact]
    public void Same_content_gives_the_same_digest_and_any_change_a_different_one()
    {
        var organization = ApplyTestData.NewOrganization();
        var actor = new Actor("u1", "Paula", organization.Id, new HashSet<string>([Roles.Applicant]));
        var catalog = Catalog();
        var application = SealApplication.Start(organization, catalog, new ProductInfo("Produkt", "1", "", null), actor, Now);
        application.Declare("SMIG-HQ", DeclarationAnswer.Met, "Berlin", actor, Now);
        application.AddEvidence(new EvidenceFile(application.Id, "SMIG-HQ", "a.pdf", "x.pdf", "application/pdf", 10, new string('a', 64), null, actor, Now), actor, Now);

        var first = ApplicationSnapshot.Build(application, organization, catalog, 1);
        var again = ApplicationSnapshot.Build(application, organization, catalog, 1);
        Assert.Equal(first, again);
        Assert.Equal(ApplicationSnapshot.Digest(first.Json), first.Digest);
        Assert.StartsWith("sha256:", first.Digest, StringComparison.Ordinal);
        Assert.Contains(catalog.Digest, first.Json, StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), first.Json, StringComparison.Ordinal);

        application.Declare("SMIG-HQ", DeclarationAnswer.Met, "München", actor, Now);
        Assert.NotEqual(first.Digest, ApplicationSnapshot.Build(application, organization, catalog, 1).Digest);
    }

    [Fact]
    public void Read_gives_back_the_declarations_and_evidence_of_a_snapshot_and_null_for_anything_else()
    {
        var organization = ApplyTestData.NewOrganization();
        var actor = new Actor("u1", "Paula", organization.Id, new HashSet<string>([Roles.Applicant]));
        var catalog = Catalog();
        var application = SealApplication.Start(organization, catalog, new ProductInfo("Produkt", "1", "", null), actor, Now);
        application.Declare("SMIG-HQ", DeclarationAnswer.PartiallyMet, "Berlin, mostly.", actor, Now);
        var file = new EvidenceFile(application.Id, "SMIG-HQ", "a.pdf", "x.pdf", "application/pdf", 10, new string('b', 64), null, actor, Now);
        application.AddEvidence(file, actor, Now);

        var content = ApplicationSnapshot.Read(ApplicationSnapshot.Build(application, organization, catalog, 1).Json);

        Assert.NotNull(content);
        Assert.Equal(new SnapshotDeclaration(DeclarationAnswer.PartiallyMet, "Berlin, mostly."), content.Declarations["SMIG-HQ"]);
        Assert.Equal(DeclarationAnswer.Unanswered, content.Declarations["SMIG-DEV"].Answer);
        Assert.Equal([new SnapshotEvidence(file.Id, "SMIG-HQ", "a.pdf", new string('b', 64))], content.Evidence);
        Assert.Null(ApplicationSnapshot.Read("{}"));
        Assert.Null(ApplicationSnapshot.Read("not json"));
        Assert.Null(ApplicationSnapshot.Read("""{"format":"sealservice.application-snapshot/1","declarations":[{"answer":"Met"}],"evidence":[]}"""));
    }
}
