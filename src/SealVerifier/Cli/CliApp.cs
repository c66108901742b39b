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

    /// <summary>A trust list holds a few certificates; 1 MiB leaves room for hundreds of keys.</summary>
    public const int MaxTrustListBytes = 1024 * 1024;

    /// <summary>A seal payload or its detached CMS signature (with the signer's certificate) is a few KiB.</summary>
    public const int MaxSealFileBytes = 256 * 1024;

    /// <summary>A log verifier key is one short line.</summary>
    public const int MaxLogKeyBytes = 64 * 1024;

    private const string Usage = """
        Usage:
          sealverify verify <QR-URL | token> --trust-list <file | https URL> [--pin sha256:... | --pin-file <file>] [--online | --revocation-list <file | URL> [--suspension-list <file | URL>]] [--json] [--log [--log-key <vkey>]]
          sealverify verify <payload.json> <signature.der> --trust-list <file | https URL> [--pin sha256:... | --pin-file <file>] [--online | --revocation-list <file | URL> [--suspension-list <file | URL>]] [--json] [--log [--log-key <vkey>]]
          sealverify verify --batch <file | -> [--detached] --trust-list <file | https URL> [--pin ... | --pin-file ...] [--revocation-list ... --suspension-list ...] [--json] [--parallel N]
          sealverify trust-list fetch --url <https URL> [--pin <sha256:...>] [--pin-file <file>] [--out <file>]
          sealverify log monitor --state <file> --url <log URL> --key <vkey | file>
          sealverify help

        verify      checks a seal offline against the trust list; --online also asks the issuing service for live status;
                    --revocation-list / --suspension-list take the status from (cached) W3C status lists instead,
                    e.g. https://seals.example.org/status/revocation/1, without telling the service which seal is checked;
                    --log also checks that the seal's events are in the service's public transparency log;
                    --batch verifies one QR URL or token per line (- for standard input) offline, prints a statement per
                    line (--json: one JSON object per line) and then counts per verdict and the rate; --parallel N uses
                    N threads; --detached: each line names a payload file and its signature file (tab- or space-separated,
                    relative to the batch file's folder). Exit code 0 only when every line is valid.
                    Exit code 0 = valid, 1 = not valid (expired, revoked, not genuine, ...), 2 = usage error.
        trust-list  downloads the trust list, checks it against the pinned root fingerprint and saves it.

        Trust lists: the JWS (/.well-known/seal-trust-list.jwt) expires within a week and carries a growing sequence;
        --pin-file keeps the root fingerprint and the newest sequence seen ({"root":"sha256:...","sequence":N}), so an
        expired list, an older one or the legacy JSON list (after a JWS was seen) is refused.
        """;

    private static readonly JsonSerializerOptions OutputOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>One JSON object per line (batch output).</summary>
    private static readonly JsonSerializerOptions LineOptions = new(OutputOptions) { WriteIndented = false };

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
                ["verify", .. var rest] => await VerifyAsync(CommandLine.Parse(rest, ["--trust-list", "--pin", "--pin-file", "--revocation-list", "--suspension-list", "--log-key", "--batch", "--parallel"], ["--online", "--json", "--log", "--detached"]), stdout, stderr, client, time ?? TimeProvider.System, ct),
                ["log", "monitor", .. var rest] => await MonitorLogAsync(CommandLine.Parse(rest, ["--state", "--url", "--key"], []), stdout, stderr, client, ct),
                ["trust-list", "fetch", .. var rest] => await FetchTrustListAsync(CommandLine.Parse(rest, ["--url", "--pin", "--out", "--pin-file"], []), stdout, stderr, client, time ?? TimeProvider.System, ct),
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

    private static async Task<int> VerifyAsync(CommandLine line, TextWriter stdout, TextWriter stderr, HttpClient http, TimeProvider time, CancellationToken ct)
    {
        var batch = line.Value("--batch");
        if (batch is null ? line.Positional.Count is not (1 or 2) : line.Positional.Count != 0)
        {
            throw new UsageException("verify takes a QR URL (or token), a payload file and a signature file, or --batch FILE.");
        }

        if (batch is null && line.Has("--detached"))
        {
            throw new UsageException("--detached goes with --batch: a single detached seal is given as two files.");
        }

        var trustListSource = line.Value("--trust-list") ?? throw new UsageException("--trust-list is required.");
        var bytes = await ReadSourceAsync(trustListSource, http, ct);
        var loaded = LoadTrustList(bytes, line, time.GetUtcNow());
        if (!loaded.Success)
        {
            throw new InputException("The trust list cannot be used: " + loaded.Error);
        }

        ICertificateStatusSource? status = line.Has("--online") ? new HttpCertificateStatusSource(http, loaded.TrustList.ServiceUrl, time) : null;
        if (line.Value("--revocation-list") is not null || line.Value("--suspension-list") is not null)
        {
            if (status is not null)
            {
                throw new UsageException("Use either --online or the status lists, not both.");
            }

            // Status from cached W3C status lists: no per-seal call, so the service does not learn which seal is checked.
            status = new StatusListStatusSource(
                await LoadStatusListAsync(line.Value("--revocation-list"), BitstringStatusList.Revocation, loaded.TrustList, http, time, ct),
                await LoadStatusListAsync(line.Value("--suspension-list"), BitstringStatusList.Suspension, loaded.TrustList, http, time, ct));
        }

        var verification = new SealVerification(loaded.TrustList, time, status);
        if (batch is not null)
        {
            return await VerifyBatchAsync(verification, batch, line, stdout, stderr, time, ct);
        }

        VerificationStatement statement;
        byte[]? payload = null;
        if (line.Positional.Count == 1)
        {
            statement = await verification.VerifyQrAsync(line.Positional[0], ct);
        }
        else
        {
            payload = await ReadFileAsync(line.Positional[0], MaxSealFileBytes, ct);
            var signature = await ReadFileAsync(line.Positional[1], MaxSealFileBytes, ct);
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

    private static async Task<LoadedStatusList?> LoadStatusListAsync(string? source, string purpose, TrustList trustList, HttpClient http, TimeProvider time, CancellationToken ct)
    {
        if (source is null)
        {
            return null;
        }

        var loaded = BitstringStatusList.Load(System.Text.Encoding.ASCII.GetString(await ReadSourceAsync(source, http, ct)), trustList, time.GetUtcNow());
        if (loaded.List is null)
        {
            throw new InputException(loaded.Error!);
        }

        return loaded.List.Purpose == purpose
            ? loaded.List
            : throw new InputException($"{source} is a {loaded.List.Purpose} list, not a {purpose} list.");
    }

    /// <summary>Loads either trust list format with the pin from --pin or --pin-file, and records a newer sequence in the pin file.</summary>
    private static TrustListLoadResult LoadTrustList(byte[] bytes, CommandLine line, DateTimeOffset now)
    {
        var pinFile = line.Value("--pin-file");
        TrustListPin? stored;
        try
        {
            stored = pinFile is null ? null : TrustListPin.Read(pinFile);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new InputException(ex.Message);
        }

        var pin = line.Value("--pin") ?? stored?.Root;
        if (pinFile is not null && pin is null)
        {
            throw new UsageException($"{pinFile} does not exist yet: give --pin once to create it.");
        }

        var loaded = TrustListDocument.Load(bytes, pin, now, stored?.Sequence);
        if (loaded.Success && pinFile is not null && (stored is null || loaded.Sequence > (stored.Sequence ?? -1)))
        {
            try
            {
                new TrustListPin(loaded.TrustList.RootFingerprint, loaded.Sequence ?? stored?.Sequence).Write(pinFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"cannot write {pinFile}: {ex.Message}");
            }
        }

        return loaded;
    }

    private static async Task<int> FetchTrustListAsync(CommandLine line, TextWriter stdout, TextWriter stderr, HttpClient http, TimeProvider time, CancellationToken ct)
    {
        if (line.Positional.Count != 0)
        {
            throw new UsageException("trust-list fetch takes no positional arguments.");
        }

        var url = line.Value("--url") ?? throw new UsageException("--url is required.");
        if (line.Value("--pin") is null && line.Value("--pin-file") is null)
        {
            throw new UsageException("--pin is required: the root fingerprint you got from the certification body.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException("--url must be an http(s) URL.");
        }

        byte[] bytes;
        try
        {
            bytes = await DownloadAsync(uri, http, MaxTrustListBytes, ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await stderr.WriteLineAsync($"error: could not download {url}: {ex.Message}");
            return ExitNotValid;
        }

        var loaded = LoadTrustList(bytes, line, time.GetUtcNow());
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
                return await DownloadAsync(new Uri(source), http, MaxTrustListBytes, ct);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or UriFormatException)
            {
                throw new InputException($"cannot download {source}: {ex.Message}");
            }
        }

        return await ReadFileAsync(source, MaxTrustListBytes, ct);
    }

    /// <summary>
    /// Downloads at most <paramref name="limit"/> bytes: a server that announces or streams more is refused as soon as
    /// it passes the limit, instead of being buffered.
    /// </summary>
    private static async Task<byte[]> DownloadAsync(Uri uri, HttpClient http, int limit, CancellationToken ct)
    {
        using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        response.EnsureSuccessStatusCode();
        if (response.Content.Headers.ContentLength is long announced && announced > limit)
        {
            throw new InputException($"{uri} is larger than the limit of {FormatLimit(limit)} ({announced} bytes announced).");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        return await ReadCappedAsync(stream, limit, uri.ToString(), ct);
    }

    /// <summary>
    /// Reads a file with a size cap whatever it is. A regular file reports its length: it is read in one call into an
    /// array of that size (a batch reads two files per seal, so this is on its hot path). A device such as /dev/zero, a
    /// named pipe or standard input report no useful length, and neither does a file that changes while being read: those
    /// are read as a stream, the cap enforced while reading.
    /// </summary>
    private static async Task<byte[]> ReadFileAsync(string path, int limit, CancellationToken ct)
    {
        try
        {
            // Opened once: a named pipe opened a second time could lose what its writer sent to the first reader. A regular
            // file is read with one call (a batch reads two files per detached seal); anything else (a pipe, /dev/stdin)
            // as a stream, up to the limit.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (ReadWhole(handle, limit, path) is { } bytes)
            {
                return bytes;
            }

            await using var stream = new FileStream(handle, FileAccess.Read, bufferSize: 1);
            return await ReadCappedAsync(stream, limit, path, ct);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"cannot read {path}: {ex.Message}");
        }
    }

    /// <summary>
    /// A regular file in one read into a buffer one byte larger than the limit: fewer bytes than asked for is the whole
    /// file. Null for what cannot be read by position (a pipe), which is then streamed.
    /// </summary>
    private static byte[]? ReadWhole(Microsoft.Win32.SafeHandles.SafeFileHandle handle, int limit, string path)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(limit + 1);
        try
        {
            // A regular file returns fewer bytes than asked for only at its end, so one read gives all of it, or more
            // than the limit.
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, limit + 1), 0);
            if (read > limit)
            {
                throw new InputException($"{path} is larger than the limit of {FormatLimit(limit)}; it is not a seal input.");
            }

            return buffer.AsSpan(0, read).ToArray();
        }
        catch (NotSupportedException)
        {
            return null;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(Stream stream, int limit, string name, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InputException($"{name} is larger than the limit of {FormatLimit(limit)}; it is not a seal input.");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static string FormatLimit(int bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MiB"
        : $"{bytes / 1024} KiB";

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
