using System.Net;
using SealVerifier.Cli;

namespace SealVerifier.Tests;

/// <summary>Every input is read with a cap, whatever the file type: a device or an endless download fails fast with a clear message.</summary>
public sealed class InputSizeCapTests : IDisposable
{
    private static readonly TestPki Pki = TestPki.Instance;
    private readonly string _dir = Directory.CreateTempSubdirectory("sealverify-cap-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> Run(HttpClient? http, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // On a separate thread with a deadline: a reader without a cap would otherwise run until memory is gone.
        var exit = await Task.Run(() => CliApp.RunAsync(args, stdout, stderr, http ?? new HttpClient(new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound))), Pki.Clock()))
            .WaitAsync(TimeSpan.FromSeconds(20));
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task A_trust_list_from_dev_zero_fails_fast_with_the_limit()
    {
        var claims = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        var started = System.Diagnostics.Stopwatch.StartNew();

        var (exit, _, error) = await Run(null, "verify", Seals.QrUrl(claims, Pki.Active), "--trust-list", "/dev/zero");

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("/dev/zero is larger than the limit of 1 MiB", error, StringComparison.Ordinal);
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }

    [Fact]
    public async Task Detached_payload_and_signature_from_a_device_are_refused()
    {
        var trustList = Path.Combine(_dir, "trust-list.json");
        await File.WriteAllBytesAsync(trustList, Pki.SignedTrustListJson);

        var (exit, _, error) = await Run(null, "verify", "/dev/zero", "/dev/zero", "--trust-list", trustList);

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("/dev/zero is larger than the limit of 256 KiB", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_oversized_regular_file_is_refused_by_its_length()
    {
        var big = Path.Combine(_dir, "big.json");
        await using (var file = File.Create(big))
        {
            file.SetLength(CliApp.MaxTrustListBytes + 1);
        }

        var claims = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        var (exit, _, error) = await Run(null, "verify", Seals.QrUrl(claims, Pki.Active), "--trust-list", big);

        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("is larger than the limit of 1 MiB", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endless_trust_list_download_is_cut_off()
    {
        using var http = new HttpClient(new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream()) }));
        var claims = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));

        var (exit, _, error) = await Run(http, "verify", Seals.QrUrl(claims, Pki.Active), "--trust-list", "https://seals.example.org/.well-known/seal-trust-list.json");
        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("larger than the limit of 1 MiB", error, StringComparison.Ordinal);

        using var http2 = new HttpClient(new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream()) }));
        (exit, _, error) = await Run(http2, "trust-list", "fetch", "--url", "https://seals.example.org/.well-known/seal-trust-list.json", "--pin", Pki.RootPin);
        Assert.NotEqual(CliApp.ExitValid, exit);
        Assert.Contains("larger than the limit of 1 MiB", error, StringComparison.Ordinal);
    }

    /// <summary>A response body that never ends and announces no length.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'x', offset, count);
            return count;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
