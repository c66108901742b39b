using System.Net;
using System.Text.Json;
using SealVerifier.Cli;

namespace SealVerifier.Tests;

/// <summary>verify --batch: a whole catalog of QR codes checked offline, with a statement per line and counts per verdict.</summary>
public sealed class BatchCliTests : IDisposable
{
    private static readonly TestPki Pki = TestPki.Instance;
    private readonly string _dir = Directory.CreateTempSubdirectory("sealverify-batch-").FullName;
    private readonly string _trustList;

    public BatchCliTests()
    {
        _trustList = Path.Combine(_dir, "trust-list.json");
        File.WriteAllBytes(_trustList, Pki.SignedTrustListJson);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var http = new HttpClient(new FakeHttpHandler(_ => new HttpResponseMessage(HttpStatusCode.NotFound)));
        var exit = await CliApp.RunAsync(args, stdout, stderr, http, Pki.Clock());
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private string Batch(params string[] lines)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static (string Url, string Serial) Valid()
    {
        var claims = Seals.Claims(Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        return (Seals.QrUrl(claims, Pki.Active), claims.Serial);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("4")]
    public async Task Counts_each_verdict_and_prints_a_line_per_seal(string threads)
    {
        var expired = Seals.QrUrl(Pki.Active, Pki.Now.AddDays(-400), Pki.Now.AddDays(-35));
        var valid = Valid();
        var file = Batch("# a marketplace's catalog", valid.Url, "", expired, "not a seal at all", new string('A', 20_000));

        var (exit, output, _) = await Run("verify", "--batch", file, "--trust-list", _trustList, "--pin", Pki.RootPin, "--parallel", threads);

        Assert.Equal(CliApp.ExitNotValid, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Contains(lines, l => l.StartsWith($"2\tValid\t{valid.Serial}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("4\t", StringComparison.Ordinal) && !l.StartsWith("4\tValid", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("5\tMalformed\t", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("6\tMalformed\t", StringComparison.Ordinal));
        var summary = lines[^1];
        Assert.Contains("4 verified in", summary, StringComparison.Ordinal);
        Assert.Contains("per second", summary, StringComparison.Ordinal);
        Assert.Contains(" Valid 1 ", summary, StringComparison.Ordinal);
        Assert.Contains(" Malformed 2", summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_gives_one_statement_per_line_with_its_line_number_and_the_summary_on_stderr()
    {
        var file = Batch(Valid().Url, Valid().Url);

        var (exit, output, error) = await Run("verify", "--batch", file, "--trust-list", _trustList, "--pin", Pki.RootPin, "--json");

        Assert.Equal(CliApp.ExitValid, exit);
        var statements = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, statements.Count);
        Assert.All(statements, s => Assert.True(s.GetProperty("isValid").GetBoolean()));
        Assert.Equal([1, 2], statements.Select(s => s.GetProperty("line").GetInt32()).Order());
        Assert.Contains("2 verified", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trust_list_from_a_named_pipe_is_read_once_as_a_stream()
    {
        // A pipe has no length and cannot be opened twice without losing what its writer sent: the file reader must take
        // it as a stream (regular files are read in one call).
        var fifo = Path.Combine(_dir, "trust-list.fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = Task.Run(async () =>
        {
            await using var pipe = new FileStream(fifo, FileMode.Open, FileAccess.Write);
            await pipe.WriteAsync(Pki.SignedTrustListJson);
        });
        var (url, _) = Valid();

        var (exit, output, _) = await Run("verify", "--batch", Batch(url), "--trust-list", fifo, "--pin", Pki.RootPin);
        await writer;

        Assert.Equal(CliApp.ExitValid, exit);
        Assert.Contains("Valid 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_and_a_positional_seal_together_are_a_usage_error()
    {
        var (exit, _, error) = await Run("verify", Valid().Url, "--batch", Batch("x"), "--trust-list", _trustList);
        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("--batch", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_batch_file_is_reported_not_thrown()
    {
        var (exit, _, error) = await Run("verify", "--batch", Path.Combine(_dir, "missing.txt"), "--trust-list", _trustList, "--pin", Pki.RootPin);
        Assert.NotEqual(CliApp.ExitValid, exit);
        Assert.Contains("missing.txt", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detached_reads_a_payload_and_a_signature_file_per_line_relative_to_the_batch_file()
    {
        var (payload, signature) = Seals.Detached(Pki.Active, Pki.Now.AddDays(-1), Pki.Now.AddDays(-1), Pki.Now.AddDays(300));
        Directory.CreateDirectory(Path.Combine(_dir, "seals"));
        File.WriteAllBytes(Path.Combine(_dir, "seals", "a.json"), payload);
        File.WriteAllBytes(Path.Combine(_dir, "seals", "a.der"), signature);
        var altered = (byte[])payload.Clone();
        altered[^3] ^= 1;
        File.WriteAllBytes(Path.Combine(_dir, "seals", "b.json"), altered);
        var file = Batch("seals/a.json\tseals/a.der", "seals/a.json seals/a.der", "seals/b.json\tseals/a.der", "seals/missing.json\tseals/a.der", "seals/a.json");

        var (exit, output, _) = await Run("verify", "--batch", file, "--detached", "--trust-list", _trustList, "--pin", Pki.RootPin, "--parallel", "2");

        Assert.Equal(CliApp.ExitNotValid, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith("1\tValid\t", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("2\tValid\t", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("3\t", StringComparison.Ordinal) && !l.StartsWith("3\tValid", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("4\tMalformed\t", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("5\tMalformed\t", StringComparison.Ordinal));
        Assert.Contains("5 verified in", lines[^1], StringComparison.Ordinal);
        Assert.Contains(" Valid 2 ", lines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Detached_without_batch_is_a_usage_error()
    {
        var (exit, _, error) = await Run("verify", "a.json", "a.der", "--detached", "--trust-list", _trustList);
        Assert.Equal(CliApp.ExitUsage, exit);
        Assert.Contains("--detached", error, StringComparison.Ordinal);
    }
}
