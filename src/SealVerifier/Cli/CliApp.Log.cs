using System.Text;
using SealVerifier.TransparencyLog;

namespace SealVerifier.Cli;

/// <summary>The transparency log commands: <c>log monitor</c> and the <c>--log</c> check of <c>verify</c>.</summary>
public static partial class CliApp
{
    /// <summary>Usage lines of the log commands.</summary>
    internal const string LogUsage = """
          sealverify log monitor --state <file> --url <log URL> --key <vkey | file>

        log monitor follows a transparency log (e.g. https://seals.example.org/log): checks the new signed checkpoint, its
                    consistency with the last one in --state, prints every new entry and saves the new state. Exit code 0 =
                    consistent, 1 = fork, rewrite, tampered entry or bad signature (the state is left unchanged), 2 = usage error
                    or log unreachable. verify --log also checks the seal's entries in the log (--log-key pins the log key).
        """;

    private static async Task<int> MonitorLogAsync(CommandLine line, TextWriter stdout, TextWriter stderr, HttpClient http, CancellationToken ct)
    {
        if (line.Positional.Count != 0)
        {
            throw new UsageException("log monitor takes no positional arguments.");
        }

        var statePath = line.Value("--state") ?? throw new UsageException("--state is required: the file where the monitor keeps the last checkpoint it verified.");
        var url = line.Value("--url") ?? throw new UsageException("--url is required: the log's address, e.g. https://seals.example.org/log.");
        var key = await ReadLogKeyAsync(line.Value("--key") ?? throw new UsageException("--key is required: the log's verifier key (vkey), obtained from the log operator out of band."), ct);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new UsageException("--url must be an http(s) URL.");
        }

        MonitorState? last;
        try
        {
            last = MonitorState.Load(statePath);
        }
        catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
        {
            throw new InputException(ex.Message);
        }

        MonitorResult result;
        try
        {
            result = await LogMonitor.CheckAsync(new LogClient(http, uri), key, last, ct);
        }
        catch (LogUnavailableException ex)
        {
            throw new InputException(ex.Message);
        }

        if (!result.Ok)
        {
            await stderr.WriteLineAsync($"error: {key.Name}: {result.Problem}");
            return ExitNotValid;
        }

        foreach (var entry in result.Entries)
        {
            await stdout.WriteLineAsync($"#{entry.Index} {entry}");
        }

        var state = result.State!;
        try
        {
            state.Save(statePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write {statePath}: {ex.Message}");
        }

        var from = last is null ? "first run, trusting this checkpoint" : $"consistent with size {last.Size}";
        await stdout.WriteLineAsync($"{key.Name}: tree size {state.Size}, root {state.RootHash} ({from}; {result.Entries.Count} new entries).");
        return ExitValid;
    }

    /// <summary>Checks the seal's log entries; returns the line to print and whether they verified.</summary>
    private static async Task<(bool Ok, string Line)> CheckSealLogAsync(string? serial, string serviceUrl, string? pinnedKey, byte[]? payload, HttpClient http, CancellationToken ct)
    {
        if (serial is null)
        {
            return (false, "Public log: not checked (the seal has no readable serial).");
        }

        var baseUrl = serviceUrl.TrimEnd('/');
        NoteVerifierKey key;
        var pinned = pinnedKey is not null;
        if (pinnedKey is not null)
        {
            key = await ReadLogKeyAsync(pinnedKey, ct);
        }
        else
        {
            var fetched = Encoding.UTF8.GetString(await ReadSourceAsync(baseUrl + "/log/key", http, ct));
            if (!NoteVerifierKey.TryParse(fetched, out key, out var keyError))
            {
                return (false, $"Public log: {baseUrl}/log/key is not a log key ({keyError}).");
            }
        }

        var json = await ReadSourceAsync($"{baseUrl}/api/v1/certificates/{Uri.EscapeDataString(serial)}/log", http, ct);
        if (!LogProofs.TryVerify(json, key, serial, out var entries, out var error, payload))
        {
            return (false, "Public log: NOT VERIFIED: " + error + ".");
        }

        var list = string.Join(", ", entries.Select(e => $"#{e.Index} {e.Type}"));
        var trust = pinned ? "" : " (log key fetched from the service, not pinned: pass --log-key to compare it with a key you trust)";
        return (true, $"Public log: recorded in {key.Name} as entry {list}; inclusion proven against the signed checkpoint of size {entries[0].TreeSize}{trust}.");
    }

    private static async Task<NoteVerifierKey> ReadLogKeyAsync(string value, CancellationToken ct)
    {
        var text = value;
        if (!value.Contains('+', StringComparison.Ordinal) && File.Exists(value))
        {
            text = Encoding.UTF8.GetString(await ReadFileAsync(value, MaxLogKeyBytes, ct));
        }

        return NoteVerifierKey.TryParse(text, out var key, out var error) ? key : throw new UsageException("--key: " + error + ".");
    }
}
