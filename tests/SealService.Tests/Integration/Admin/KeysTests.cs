using System.Net;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier;
using SealService.Domain;
using SealService.Issuance;
using SealService.Keys;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Admin;

public sealed class KeysTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    [Fact]
    public async Task The_keys_page_shows_the_key_the_trust_list_publishes_and_no_key_operation()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);

        var published = SignedTrustList.Load(await client.GetByteArrayAsync(new Uri("/.well-known/seal-trust-list.json", UriKind.Relative)), null);
        Assert.True(published.Success, published.Error);
        var active = Assert.Single(published.TrustList!.Keys, k => k.State == TrustedKey.Active);

        var page = await client.GetDocumentAsync("/Admin/Keys");

        var row = page.QuerySelector($"#keys tr[data-key-id='{active.KeyId}']");
        Assert.NotNull(row);
        Assert.Equal(TrustedKey.Active, row.GetAttribute("data-state"));
        Assert.Equal(published.TrustList.RootFingerprint, page.QuerySelector("#root-fingerprint")!.TextContent);
        Assert.NotNull(page.QuerySelector("a#trust-list-link[href='/.well-known/seal-trust-list.json']"));
        Assert.Contains("keys compromised --key-id K --since", page.QuerySelector("#operator-instructions")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(page.QuerySelectorAll("main form[method=post]"));
    }

    [Fact]
    public async Task A_rotation_shows_the_new_active_key_and_the_retired_one()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        await client.GetDocumentAsync("/Admin/Keys");
        var location = factory.Services.GetRequiredService<KeyStoreLocation>();
        var previous = location.Store.ReadManifest().ActiveKey!.KeyId;
        factory.Time.Advance(TimeSpan.FromSeconds(2));
        var rotated = location.Store.Rotate(location.Passphrase, factory.Time.GetUtcNow());
        // The signer re-reads keystore.json when its write time changes; make sure the file system sees a change.
        File.SetLastWriteTimeUtc(location.Store.ManifestPath, DateTime.UtcNow.AddSeconds(5));

        var page = await client.GetDocumentAsync("/Admin/Keys");

        Assert.Equal(TrustedKey.Active, page.QuerySelector($"#keys tr[data-key-id='{rotated.KeyId}']")!.GetAttribute("data-state"));
        Assert.Equal(TrustedKey.Retired, page.QuerySelector($"#keys tr[data-key-id='{previous}']")!.GetAttribute("data-state"));
    }
}
