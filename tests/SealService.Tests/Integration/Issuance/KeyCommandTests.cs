

using SealVerifier;
using SealService.Cli;
using SealService.Issuance;
using SealService.Keys;

namespace SealService.Tests.Integration.Issuance;

public sealed class KeyCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("sealservice-keycmd-").FullName;

    private string KeysDirectory => Path.Combine(_root, "keys");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        string[] settings = [$"--Keys:Directory={KeysDirectory}", "--Keys:Passphrase=cli-test-passphrase", $"--Storage:DataDirectory={Path.Combine(_root, "data")}",
            "--Seal:PublicBaseUrl=https://seals.example.org", "--environment", "Testing"];
        var exit = await AdminCommandLine.RunAsync([.. args, .. settings], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Init_rotate_list_and_compromised_manage_the_hierarchy_and_the_signed_trust_list()
    {
        var init = await RunAsync("keys", "init");
        Assert.True(init.Exit == 0, init.Error);
        var store = new FileKeyStore(KeysDirectory);
        var first = store.ReadManifest().ActiveKey!.KeyId;
        Assert.Contains(first, init.Out, StringComparison.Ordinal);

        var again = await RunAsync("keys", "init");
        Assert.Equal(1, again.Exit);
        Assert.Contains("never overwritten", again.Error, StringComparison.Ordinal);

        var rotate = await RunAsync("keys", "rotate");
        Assert.True(rotate.Exit == 0, rotate.Error);
        var manifest = store.ReadManifest();
        var second = manifest.ActiveKey!.KeyId;
        Assert.NotEqual(first, second);
        Assert.Equal(KeyState.Retired, manifest.Keys.Single(k => k.KeyId == first).State);

        var compromised = await RunAsync("keys", "compromised", "--key-id", first, "--since", "2026-01-31T12:00:00Z");
        Assert.True(compromised.Exit == 0, compromised.Error);
        var list = await RunAsync("keys", "list");
        Assert.Contains($"{first}  compromised since 2026-01-31T12:00:00Z", list.Out, StringComparison.Ordinal);
        Assert.Contains($"{second}  active", list.Out, StringComparison.Ordinal);

        using var root = store.LoadRootCertificate();
        var loaded = SignedTrustList.Load(await File.ReadAllBytesAsync(Path.Combine(KeysDirectory, TrustListPublisher.SignedFile)), TrustList.Fingerprint(root.RawData));
        Assert.True(loaded.Success, loaded.Error);
        Assert.Equal(TrustedKey.Compromised, loaded.TrustList.FindKey(first)!.State);
        Assert.Equal(new DateTimeOffset(2026, 1, 31, 12, 0, 0, TimeSpan.Zero), loaded.TrustList.FindKey(first)!.CompromisedSince);
        Assert.Equal(TrustedKey.Active, loaded.TrustList.FindKey(second)!.State);
    }

    [Fact]
    public async Task The_active_key_cannot_be_marked_compromised_before_a_rotation()
    {
        Assert.Equal(0, (await RunAsync("keys", "init")).Exit);
        var active = new FileKeyStore(KeysDirectory).ReadManifest().ActiveKey!.KeyId;
        var refused = await RunAsync("keys", "compromised", "--key-id", active, "--since", "2026-01-31T12:00:00Z");
        Assert.Equal(1, refused.Exit);
        Assert.Contains("keys rotate", refused.Error, StringComparison.Ordinal);
        var usage = await RunAsync("keys", "compromised", "--key-id", active);
        Assert.Equal(2, usage.Exit);
    }
}
