using System.Net;
using System.Text;

namespace SealVerifier.TransparencyLog;

/// <summary>Reads a C2SP tlog-tiles log over HTTP: the checkpoint, hash tiles and entry bundles, nothing else.</summary>
public sealed class LogClient
{
    /// <summary>Largest tile accepted (a full hash tile is 8 KiB; an entry bundle of 256 entries stays far below this).</summary>
    public const int MaxTileSize = 4 * 1024 * 1024;

    private readonly HttpClient _http;
    private readonly string _base;

    /// <summary>Creates a client for the log at <paramref name="baseUrl"/> (the prefix that holds <c>checkpoint</c> and <c>tile/</c>).</summary>
    /// <param name="http">The HTTP client.</param>
    /// <param name="baseUrl">The log prefix URL, e.g. <c>https://seals.example.org/log</c>.</param>
    public LogClient(HttpClient http, Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        _http = http;
        _base = baseUrl.ToString().TrimEnd('/') + "/";
    }

    /// <summary>The signed checkpoint text.</summary>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The note.</returns>
    public async Task<string> GetCheckpointAsync(CancellationToken ct) =>
        Encoding.UTF8.GetString(await GetAsync("checkpoint", SignedNote.MaxNoteSize, ct) ?? throw new LogUnavailableException($"{_base}checkpoint was not found."));

    /// <summary>A hash tile or entry bundle.</summary>
    /// <param name="address">The tile.</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The bytes.</returns>
    public async Task<byte[]> GetTileAsync(TileAddress address, CancellationToken ct) =>
        await GetAsync(address.ToString(), MaxTileSize, ct) ?? throw new LogUnavailableException($"The log does not serve {address}, which its checkpoint says exists.");

    /// <summary>Runs a computation over the tree of <paramref name="treeSize"/> leaves, downloading the hash tiles it needs.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="treeSize">The tree size of the checkpoint the tiles belong to.</param>
    /// <param name="compute">Root, proof or leaf-hash computation over perfect subtree hashes.</param>
    /// <param name="tiles">Tiles already downloaded (shared between calls for the same tree size).</param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>The result.</returns>
    public async Task<T> WithTilesAsync<T>(long treeSize, Func<PerfectSubtreeHash, T> compute, Dictionary<TileAddress, byte[]> tiles, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(compute);
        ArgumentNullException.ThrowIfNull(tiles);
        while (true)
        {
            try
            {
                return compute(Tiles.HashSource(treeSize, address => tiles.TryGetValue(address, out var tile) ? tile : throw new TileNeededException(address)));
            }
            catch (TileNeededException needed)
            {
                tiles[needed.Address] = await GetTileAsync(needed.Address, ct);
            }
        }
    }

    private async Task<byte[]?> GetAsync(string path, int limit, CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(new Uri(_base + path), HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new LogUnavailableException($"{_base}{path} answered {(int)response.StatusCode} {response.ReasonPhrase}.");
            }

            if (response.Content.Headers.ContentLength > limit)
            {
                throw new LogUnavailableException($"{_base}{path} is larger than {limit} bytes.");
            }

            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    throw new LogUnavailableException($"{_base}{path} is larger than {limit} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            throw new LogUnavailableException($"Cannot read {_base}{path}: {ex.Message}");
        }
    }

    private sealed class TileNeededException(TileAddress address) : Exception(address.ToString())
    {
        public TileAddress Address { get; } = address;
    }
}

/// <summary>The log could not be read (network, missing file): says nothing about its honesty.</summary>
/// <param name="message">What failed.</param>
public sealed class LogUnavailableException(string message) : Exception(message);
