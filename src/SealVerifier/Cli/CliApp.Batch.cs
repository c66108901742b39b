using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SealVerifier.Cli;

public static partial class CliApp
{
    /// <summary>A QR URL is well under 1 KiB; a longer line is not a seal and is reported as such without being kept.</summary>
    public const int MaxBatchLineChars = 8 * 1024;

    /// <summary>
    /// Verifies one QR URL or token per line, offline against the loaded trust list (and status lists, if given), so a
    /// marketplace can check a whole catalog of seals without telling anyone which ones. With <c>--detached</c> each line
    /// names a payload file and its signature file instead (separated by a tab, or by spaces when there is no tab; relative
    /// to the batch file's folder). Blank lines and lines starting with '#' are skipped.
    /// </summary>
    private static async Task<int> VerifyBatchAsync(SealVerification verification, string source, CommandLine line, TextWriter stdout, TextWriter stderr, TimeProvider time, CancellationToken ct)
    {
        var parallel = 1;
        if (line.Value("--parallel") is { } text && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out parallel) || parallel is < 1 or > 256))
        {
            throw new UsageException("--parallel takes a number of threads from 1 to 256.");
        }

        Stream input;
        try
        {
            input = source == "-" ? Console.OpenStandardInput() : new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"cannot read {source}: {ex.Message}");
        }

        var json = line.Has("--json");
        var detached = line.Has("--detached");
        var folder = source == "-" ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(source))!;
        var counts = new int[Enum.GetValues<Verdict>().Max(v => (int)v) + 1];
        var output = new BatchOutput(stdout);
        var clock = Stopwatch.StartNew();
        var total = 0;

        async ValueTask VerifyLineAsync((int Number, string Text) item, CancellationToken token)
        {
            var statement = detached
                ? await VerifyDetachedLineAsync(verification, item.Text, folder, time, token)
                : await verification.VerifyQrAsync(item.Text, token);
            Interlocked.Increment(ref counts[(int)statement.Verdict]);
            Interlocked.Increment(ref total);
            if (json)
            {
                var node = JsonSerializer.SerializeToNode(StatementOutput.From(statement), LineOptions)!.AsObject();
                node.Insert(0, "line", item.Number);
                output.WriteLine(node.ToJsonString(LineOptions));
            }
            else
            {
                output.WriteLine(item.Number, statement.Verdict, statement.Serial, statement.Payload?.Holder.Name ?? statement.Claims?.HolderName);
            }
        }

        await using (input)
        {
            using var reader = new StreamReader(input, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1 << 16);
            if (parallel == 1)
            {
                // One thread: a plain loop, no scheduling per line.
                await foreach (var item in ReadLinesAsync(reader, ct))
                {
                    await VerifyLineAsync(item, ct);
                }
            }
            else
            {
                await Parallel.ForEachAsync(ReadLinesAsync(reader, ct), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, VerifyLineAsync);
            }
        }

        output.Flush();
        clock.Stop();
        var seconds = Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        var summary = new StringBuilder();
        summary.Append(CultureInfo.InvariantCulture, $"{total} verified in {clock.Elapsed.TotalSeconds:F2} s ({total / seconds:F0} per second, {parallel} thread{(parallel == 1 ? "" : "s")}):");
        foreach (var verdict in Enum.GetValues<Verdict>())
        {
            summary.Append(CultureInfo.InvariantCulture, $" {verdict} {counts[(int)verdict]}");
        }

        // With --json the statements on standard output stay pure JSON lines; the summary goes to standard error.
        await (json ? stderr : stdout).WriteLineAsync(summary.ToString());
        return total > 0 && counts[(int)Verdict.Valid] == total ? ExitValid : ExitNotValid;
    }

    /// <summary>One line of a detached batch: two file names; a line that does not name two readable files is malformed.</summary>
    private static async Task<VerificationStatement> VerifyDetachedLineAsync(SealVerification verification, string text, string folder, TimeProvider time, CancellationToken ct)
    {
        var parts = text.Contains('\t', StringComparison.Ordinal)
            ? text.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            return Malformed("A detached batch line names a payload file and a signature file.", time);
        }

        try
        {
            var payload = await ReadFileAsync(Path.Combine(folder, parts[0]), MaxSealFileBytes, ct);
            var signature = await ReadFileAsync(Path.Combine(folder, parts[1]), MaxSealFileBytes, ct);
            return await verification.VerifyDetachedAsync(payload, signature, ct);
        }
        catch (InputException ex)
        {
            return Malformed(ex.Message, time);
        }
    }

    private static VerificationStatement Malformed(string reason, TimeProvider time) =>
        new(Verdict.Malformed, null, null, null, [VerificationReason.Of("{0}", reason)], null, time.GetUtcNow());

    private static async IAsyncEnumerable<(int Number, string Text)> ReadLinesAsync(StreamReader reader, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var number = 0;
        var buffer = new StringBuilder();
        var tooLong = false;
        var chunk = new char[1 << 14];
        int read;
        while ((read = await reader.ReadAsync(chunk.AsMemory(), ct)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(chunk, '\n', start, read - start);
                var length = (newline < 0 ? read : newline) - start;
                if (buffer.Length + length <= MaxBatchLineChars)
                {
                    buffer.Append(chunk, start, length);
                }
                else
                {
                    tooLong = true;
                }

                if (newline < 0)
                {
                    break;
                }

                number++;
                if (Take(buffer, tooLong) is { } item)
                {
                    yield return (number, item);
                }

                buffer.Clear();
                tooLong = false;
                start = newline + 1;
            }
        }

        if (buffer.Length > 0 || tooLong)
        {
            number++;
            if (Take(buffer, tooLong) is { } last)
            {
                yield return (number, last);
            }
        }
    }

    /// <summary>
    /// Null for a line to skip (blank or a '#' comment). A line too long to be a seal becomes empty text, which the verifier
    /// reports as "not a seal QR code URL or token".
    /// </summary>
    private static string? Take(StringBuilder buffer, bool tooLong)
    {
        if (tooLong)
        {
            return "";
        }

        var text = buffer.ToString().Trim();
        return text.Length == 0 || text.StartsWith('#') ? null : text;
    }

    /// <summary>
    /// The statement lines of a batch, written in blocks of about 32 KB rather than one write per seal: at thousands of
    /// seals per second, a console write per line (the console writer flushes each one, under its lock) would cost more
    /// than the verification. Thread-safe; lines of parallel workers may interleave in any order (each names its line).
    /// </summary>
    private sealed class BatchOutput(TextWriter stdout)
    {
        private const int BlockChars = 32 * 1024;
        private readonly StringBuilder _block = new(BlockChars + 1024);
        private readonly object _gate = new();

        public void WriteLine(int number, Verdict verdict, string? serial, string? holder)
        {
            lock (_gate)
            {
                _block.Append(number).Append('\t').Append(verdict.ToString()).Append('\t').Append(serial ?? "-").Append('\t').Append(holder ?? "-").Append('\n');
                WriteIfFull();
            }
        }

        public void WriteLine(string line)
        {
            lock (_gate)
            {
                _block.Append(line).Append('\n');
                WriteIfFull();
            }
        }

        public void Flush()
        {
            lock (_gate)
            {
                stdout.Write(_block);
                _block.Clear();
                stdout.Flush();
            }
        }

        private void WriteIfFull()
        {
            if (_block.Length >= BlockChars)
            {
                stdout.Write(_block);
                _block.Clear();
            }
        }
    }
}
