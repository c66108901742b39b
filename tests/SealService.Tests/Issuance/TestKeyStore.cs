using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

using SealVerifier;
using SealService.Infrastructure;
using SealService.Issuance;
using SealService.Keys;

namespace SealService.Tests.Issuance;

/// <summary>A throwaway key hierarchy in a temp folder with a signer over it and a fake clock.</summary>
public sealed class TestKeyStore : IDisposable
{
    public const string Passphrase = "unit-test-passphrase";

    public TestKeyStore(DateTimeOffset? start = null)
    {
        Directory = Path.Combine(Path.GetTempPath(), "sealservice-keys", Guid.NewGuid().ToString("N"));
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));
        var environment = new HostingEnvironment { ContentRootPath = Path.GetTempPath(), EnvironmentName = "Testing" };
        Location = new KeyStoreLocation(
            Options.Create(new KeysOptions { Directory = Directory, Passphrase = Passphrase, CreateIfMissing = true }),
            Options.Create(new SealOptions { IssuerName = "Test Certification Body" }),
            environment, Time, NullLogger<KeyStoreLocation>.Instance);
        Signer = new FileSealSigner(Location, Time, NullLogger<FileSealSigner>.Instance);
    }

    public string Directory { get; }
    public FakeTimeProvider Time { get; }
    public KeyStoreLocation Location { get; }
    public FileSealSigner Signer { get; }
    public FileKeyStore Store => Location.Store;

    public TrustList TrustList()
    {
        Signer.Manifest();
        var list = TrustListPublisher.Build(Store, "Test Certification Body", "https://seals.example.org", Time.GetUtcNow());
        var loaded = SignedTrustList.Load(Signer.SignTrustList(list), list.RootFingerprint);
        Assert.True(loaded.Success, loaded.Error);
        return loaded.TrustList;
    }

    public void Dispose()
    {
        Signer.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Temp files; the OS cleans them.
        }
    }
}
