using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

using SealVerifier;
using SealService.Admin;
using SealService.Infrastructure;
using SealService.Issuance;
using SealService.Keys;

namespace SealService.Tests.Issuance;

public sealed class TrustListPublisherTests : IDisposable
{
    private readonly TestKeyStore _keys = new();

    public void Dispose() => _keys.Dispose();

    private TrustListPublisher Publisher()
    {
        var seal = Options.Create(new SealOptions { IssuerName = "Test Certification Body", PublicBaseUrl = "https://seals.example.org" });
        var urls = new PublicUrls(seal, new ServiceCollection().BuildServiceProvider(), new ConfigurationBuilder().Build());
        return new TrustListPublisher(_keys.Signer, _keys.Location, urls, seal, _keys.Time, NullLogger<TrustListPublisher>.Instance);
    }

    private string Pin()
    {
        _keys.Signer.Manifest();
        using var root = _keys.Store.LoadRootCertificate();
        return TrustList.Fingerprint(root.RawData);
    }

    private TrustListLoadResult Load(string jws) => TrustListJws.Load(Encoding.ASCII.GetBytes(jws), Pin(), _keys.Time.GetUtcNow());

    [Fact]
    public void With_the_root_at_hand_the_list_is_signed_again_after_a_day_with_a_higher_sequence_long_before_it_expires()
    {
        var publisher = Publisher();
        var first = Load(publisher.Jws());
        Assert.True(first.Success, first.Error);
        Assert.Equal(first.Sequence, Load(publisher.Jws()).Sequence);

        _keys.Time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var next = Load(publisher.Jws());
        Assert.True(next.Success, next.Error);
        Assert.True(next.Sequence > first.Sequence);
        Assert.True(next.ExpiresAt > first.ExpiresAt);

        // A rotation republishes at once, and the sequence survives a restart (new publisher over the same store).
        _keys.Store.Rotate(TestKeyStore.Passphrase, _keys.Time.GetUtcNow());
        var afterRotation = Load(Publisher().Jws());
        Assert.True(afterRotation.Sequence > next.Sequence);
        Assert.Equal(2, afterRotation.TrustList!.Keys.Count);
    }

    [Fact]
    public void Without_the_root_the_newest_list_signed_ahead_at_the_ceremony_is_served_for_a_year()
    {
        _keys.Signer.Manifest();
        var list = TrustListPublisher.Build(_keys.Store, "Test Certification Body", "https://seals.example.org", _keys.Time.GetUtcNow());
        TrustListPublisher.WriteSignedFile(_keys.Store, _keys.Signer, list);
        File.Delete(Path.Combine(_keys.Directory, FileKeyStore.RootKeyFile));
        var pin = Pin();
        using var signer = new FileSealSigner(_keys.Location, _keys.Time, NullLogger<FileSealSigner>.Instance);
        var seal = Options.Create(new SealOptions { IssuerName = "Test Certification Body", PublicBaseUrl = "https://seals.example.org" });
        var publisher = new TrustListPublisher(signer, _keys.Location, new PublicUrls(seal, new ServiceCollection().BuildServiceProvider(), new ConfigurationBuilder().Build()),
            seal, _keys.Time, NullLogger<TrustListPublisher>.Instance);

        long? previous = null;
        for (var day = 0; day < 360; day += 5)
        {
            var loaded = TrustListJws.Load(Encoding.ASCII.GetBytes(publisher.Jws()), pin, _keys.Time.GetUtcNow(), previous);
            Assert.True(loaded.Success, $"day {day}: {loaded.Error}");
            previous = loaded.Sequence;
            _keys.Time.Advance(TimeSpan.FromDays(5));
        }

        _keys.Time.Advance(TimeSpan.FromDays(60));
        Assert.Throws<InvalidOperationException>(publisher.Jws);
    }
}
