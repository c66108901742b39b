using SealService.Certify;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Verify;

/// <summary>Issue 12 items 5 and 6: after a revocation the registry says that inactive seals match instead of a bare "0 found"; proper singular; phone columns.</summary>
public sealed class RegistryHintTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    [Fact]
    public async Task A_search_that_only_matches_a_revoked_seal_says_so_and_links_to_the_inactive_seals()
    {
        var product = $"Hinweis {Guid.NewGuid():N}"[..20];
        var seal = await factory.Issuer.IssueAsync(factory, productName: product);
        var client = factory.CreateClient();

        var before = await client.GetDocumentAsync($"/Registry?q={Uri.EscapeDataString(product)}");
        Assert.Equal("1 certified product found.", before.QuerySelector("#registry-count")!.TextContent.Trim());
        var row = before.QuerySelector($"#registry tr[data-serial='{seal.Serial}']")!;
        // On a phone the optional columns give way; status and the check link are never among them.
        Assert.Null(row.QuerySelector("td.col-optional a"));
        Assert.Null(row.QuerySelector("td.col-optional .tag"));

        await SealStatesFixture.ChangeStatusAsync(factory, seal.Serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "Registry hint test");
        var after = await client.GetDocumentAsync($"/Registry?q={Uri.EscapeDataString(product)}");
        Assert.Equal("0 certified products found.", after.QuerySelector("#registry-count")!.TextContent.Trim());
        var hint = after.QuerySelector("#inactive-hint");
        Assert.True(hint is not null, "No hint that an inactive seal matches.");
        Assert.Contains("1 inactive seal", hint.TextContent, StringComparison.Ordinal);
        var link = hint.QuerySelector("a")!.GetAttribute("href")!;
        var inactive = await client.GetDocumentAsync(System.Net.WebUtility.HtmlDecode(link));
        Assert.Equal("revoked", inactive.QuerySelector($"#registry tr[data-serial='{seal.Serial}']")!.GetAttribute("data-status"));
    }
}
