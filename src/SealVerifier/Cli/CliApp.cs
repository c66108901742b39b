using System.Text.Json;
using System.Text.Json.Serialization;

namespace SealVerifier.Cli;

/// <summary>
/// The <c>sealverify</c> command line, runnable in-process for tests. Exit codes: 0 the seal is valid (or the command
/// succeeded), 1 any other verdict (or a trust list that fails its checks in <c>trust-list fetch</c>), 2 usage errors and
/// inputs that cannot be read (including a trust list that cannot be loaded for <c>verify</c>).
/// </summary>
public static partial class CliApp
{
    /// <summary>Exit code for a valid seal or a successful command.</summary>
    public const int ExitValid = 0;

    /// <summary>Exit code for any verdict other than valid, or a failed check.</summary>
    public const int ExitNotValid = 1;

    /// <summary>Exit code for usage errors and unreadable inputs.</summary>
    public const int ExitUsage = 2;

    private const string Usage = """
        Usage:
          sealverify verify <QR-URL | token> --trust-list <file | https URL> [--pin sha256:...] [--online] [--json] [--log [--log-key <vkey>]]
          sealverify verify <payload.json> <signature.der> --trust-list <file | https URL> [--pin sha256:...] [--online] [--json] [--log [--log-key <vkey>]]
          sealverify trust-list fetch --url <https URL> --pin <sha256:...> [--out <file>]
          sealverify log monitor --state <file> --url <log URL> --key <vkey | file>
          sealverify help

        verify      checks a seal offline against the trust list; --online also asks the issuing service for live status;
                    --log also checks that the seal's events are in the service's public transparency log.
                    Exit code 0 = valid, 1 = not valid (expired, revoked, not genuine, ...), 2 = usage error.
        trust-list  downloads the trust list, checks it against the pinned root fingerprint and saves it.
        """;

    private static readonly JsonSerializerOptions OutputOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments.</param>
    /// <param name="stdout">Where results go.</param>
    /// <param name="stderr">Where errors go.</param>
    /// <param name="http">HTTP client for URLs and <c>--online</c>; one is created when <see langword="null"/>.</param>
    /// <param name="time">The clock; the system clock when <see langword="null"/>.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, HttpClient? http = null, TimeProvider? time = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        using var ownedHttp = http is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : null;
        var client = http ?? ownedHttp!;
        try
        {
            return args switch
            {
                [] => throw new UsageException("No command given."),
                ["help" or "--help" or "-h", ..] => await WriteUsage(stdout),
                ["verify", .. var rest] => await VerifyAsync(CommandLine.Parse(rest, ["--trust-list", "--pin", "--log-key"], ["--online", "--json", "--log"]), stdout, client, time ?? TimeProvider.System, ct),
                ["log", "monitor", .. var rest] => await MonitorLogAsync(CommandLine.Parse(rest, ["--state", "--url", "--key"], []), stdout, stderr, client, ct),
                ["trust-list", "fetch", .. var rest] => await FetchTrustListAsync(CommandLine.Parse(rest, ["--url", "--pin", "--out"], []), stdout, stderr, client, ct),
                _ => throw new UsageException($"Unknown command \"{string.Join(' ', args.Take(2))}\"."),
            };
        }
        catch (UsageException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            await stderr.WriteLineAsync();
            await stderr.WriteLineAsync(Usage);
            return ExitUsage;
        }
        catch (InputException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return ExitUsage;
        }
    }

    private static async Task<int> WriteUsage(TextWriter stdout)
    {
        await stdout.WriteLineAsync(Usage);
        await stdout.WriteLineAsync(LogUsage);
        return ExitValid;
    }

    private static async Task<int> VerifyAsync(CommandLine line, TextWriter stdout, HttpClient http, TimeProvider time, CancellationToken ct)
    {
        if (line.Positional.Count is not (1 or 2))
        {
            throw new UsageException("verify takes a QR URL (or token), or a payload file and a signature file.");
        }

        var trustListSource = line.Value("--trust-list") ?? throw new UsageException("--trust-list is required.");
        var bytes = await ReadSourceAsync(trustListSource, http, ct);
        var loaded = SignedTrustList.Load(bytes, line.Value("--pin"));
        if (!loaded.Success)
        {
            throw new InputException("The trust list cannot be used: " + loaded.Error);
        }

        var status = line.Has("--online") ? new HttpCertificateStatusSource(http, loaded.TrustList.ServiceUrl, time) : null;
        var verification = new SealVerification(loaded.TrustList, time, status);
        VerificationStatement statement;
        byte[]? payload = null;
        if (line.Positional.Count == 1)
        {
            statement = await verification.VerifyQrAsync(line.Positional[0], ct);
        }
        else
        {
            payload = ReadFile(line.Positional[0]);
            var signature = ReadFile(line.Positional[1]);
            statement = await verification.VerifyDetachedAsync(payload, signature, ct);
        }

        if (line.Has("--json"))
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(StatementOutput.From(statement), OutputOptions));
        }
        else
        {
            await stdout.WriteAsync(StatementOutput.From(statement).ToText());
        }

        if (line.Has("--log") || line.Value("--log-key") is not null)
        {
            // A seal missing from the public log (or with a proof that fails) was issued or changed out of public sight.
            var (logOk, logLine) = await CheckSealLogAsync(statement.Serial, loaded.TrustList.ServiceUrl, line.Value("--log-key"), payload, http, ct);
            await stdout.WriteLineAsync(logLine);
            return statement.IsValid && logOk ? ExitValid : ExitNotValid;
        }

        return statement.IsValid ? ExitValid : ExitNotValid;
    }

    private static async Task<int> FetchTrustListAsync(CommandLine line, TextWriter stdout, TextWriter stderr, HttpClient http, CancellationToken ct)
    {
        if (line.Positional.Count != 0)
        {
            throw new UsageException("trust-list fetch takes no positional arguments.");
        }

        var url = line.Value("--url") ?? throw new UsageException("--url is required.");
        var pin = line.Value("--pin") ?? throw new UsageException("--pin is required: the root fingerprint you got from the certification body.");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException("--url must be an http(s) URL.");
        }

        byte[] bytes;
        try
        {
            bytes = await http.GetByteArrayAsync(uri, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"error: could not download {url}: {ex.Message}");
            return ExitNotValid;
        }

        var loaded = SignedTrustList.Load(bytes, pin);
        if (!loaded.Success)
        {
            await stderr.WriteLineAsync("error: the trust list failed its checks: " + loaded.Error);
            return ExitNotValid;
        }

        var output = line.Value("--out");
        if (output is null)
        {
            await stdout.WriteLineAsync(System.Text.Encoding.UTF8.GetString(bytes));
            return ExitValid;
        }

        try
        {
            await File.WriteAllBytesAsync(output, bytes, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write {output}: {ex.Message}");
        }

        await stdout.WriteLineAsync($"Trust list of {loaded.TrustList.Issuer} ({loaded.TrustList.Keys.Count} keys) saved to {output}.");
        return ExitValid;
    }

    private static async Task<byte[]> ReadSourceAsync(string source, HttpClient http, CancellationToken ct)
    {
        if (source.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return await http.GetByteArrayAsync(new Uri(source), ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
            {
                throw new InputException($"cannot download {source}: {ex.Message}");
            }
        }

        return ReadFile(source);
    }

    private static byte[] ReadFile(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Exists && info.Length > 16 * 1024 * 1024)
            {
                throw new InputException($"{path} is too large.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"cannot read {path}: {ex.Message}");
        }
    }

    private sealed class UsageException(string message) : Exception(message);

    private sealed class InputException(string message) : Exception(message);

    private sealed record CommandLine(IReadOnlyList<string> Positional, IReadOnlyDictionary<string, string> Values, IReadOnlySet<string> Flags)
    {
        public string? Value(string name) => Values.TryGetValue(name, out var value) ? value : null;

        public bool Has(string flag) => Flags.Contains(flag);

        public static CommandLine Parse(string[] args, string[] valueOptions, string[] flagOptions)
        {
            var positional = new List<string>();
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var flags = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                {
                    positional.Add(arg);
                }
                else if (valueOptions.Contains(arg))
                {
                    if (i + 1 >= args.Length)
                    {
                        throw new UsageException($"{arg} needs a value.");
                    }

                    values[arg] = args[++i];
                }
                else if (flagOptions.Contains(arg))
                {
                    flags.Add(arg);
                }
                else
                {
                    throw new UsageException($"Unknown option {arg}.");
                }
            }

            return new CommandLine(positional, values, flags);
        }
    }
}
