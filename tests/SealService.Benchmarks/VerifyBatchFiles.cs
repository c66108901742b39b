using System.Globalization;
using System.Text;

namespace SealService.Benchmarks;

/// <summary>
/// <c>verify-batch DIR N [D]</c>: throwaway keys and N seals for bench/verify.sh, made by the issuance code the
/// benchmarks measure (<see cref="BenchmarkIssuer"/>), valid from now for a year. Writes DIR/trust-list.json (the signed
/// legacy trust list), DIR/root-pin.txt (the root fingerprint for --pin), DIR/qr.txt (N QR URLs, one per line) and, for
/// the first D seals (default min(N, 20,000)), DIR/detached/NNNNNN.json + .der and DIR/detached.txt (one
/// "payload TAB signature" line each, relative to DIR) for <c>verify --batch --detached</c>.
/// </summary>
public static class VerifyBatchFiles
{
    public static async Task<int> RunAsync(string[] args)
    {
        var detachedCount = 0;
        if (args.Length is not (2 or 3)
            || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1
            || (args.Length == 3 && (!int.TryParse(args[2], NumberStyles.None, CultureInfo.InvariantCulture, out detachedCount) || detachedCount > count)))
        {
            await Console.Error.WriteLineAsync("usage: verify-batch DIR N [D], D (detached pairs) at most N");
            return 2;
        }

        if (args.Length == 2)
        {
            detachedCount = Math.Min(count, 20_000);
        }

        var directory = Path.GetFullPath(args[0]);
        Directory.CreateDirectory(Path.Combine(directory, "detached"));
        using var issuer = BenchmarkIssuer.Create(DateTimeOffset.UtcNow.AddMinutes(-1));
        await File.WriteAllBytesAsync(Path.Combine(directory, "trust-list.json"), issuer.SignedTrustListJson);
        await File.WriteAllTextAsync(Path.Combine(directory, "root-pin.txt"), issuer.RootFingerprint + "\n");

        await using var qr = new StreamWriter(Path.Combine(directory, "qr.txt"), false, new UTF8Encoding(false));
        await using var detached = new StreamWriter(Path.Combine(directory, "detached.txt"), false, new UTF8Encoding(false));
        for (var i = 0; i < count; i++)
        {
            if (i >= detachedCount)
            {
                await qr.WriteLineAsync(issuer.NewQrUrl());
            }
            else
            {
                var (payload, signature, url) = issuer.BuildAndSign();
                await qr.WriteLineAsync(url);
                var name = i.ToString("D6", CultureInfo.InvariantCulture);
                await File.WriteAllBytesAsync(Path.Combine(directory, "detached", name + ".json"), payload);
                await File.WriteAllBytesAsync(Path.Combine(directory, "detached", name + ".der"), signature);
                await detached.WriteLineAsync($"detached/{name}.json\tdetached/{name}.der");
            }
        }

        await Console.Error.WriteLineAsync($"verify-batch: {count} QR URLs and {detachedCount} detached seals in {directory}");
        return 0;
    }
}
