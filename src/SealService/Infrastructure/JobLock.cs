using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace SealService.Infrastructure;

/// <summary>
/// A lock per background job that at most one holder in the whole installation has at a time. It belongs to the holder's
/// process: when that process dies, the lock is free again without anyone cleaning up.
/// </summary>
public interface IJobLock
{
    /// <summary>Takes the lock of <paramref name="job"/> if nobody holds it; <see langword="null"/> when another run (on any node) does. Dispose to release it.</summary>
    Task<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken ct);
}

/// <summary>
/// SQLite: one process owns the database file, so a lock in memory covers every run. (An admin command in a second process
/// does not see it; the jobs' own checks in the database keep such a run from doing the work twice.)
/// </summary>
public sealed class InProcessJobLock : IJobLock
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public Task<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(job, _ => new SemaphoreSlim(1, 1));
        return Task.FromResult<IAsyncDisposable?>(gate.Wait(0, CancellationToken.None) ? new Held(gate) : null);
    }

    private sealed class Held(SemaphoreSlim gate) : IAsyncDisposable
    {
        private int _released;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }

            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>
/// PostgreSQL: a session-level advisory lock (<c>pg_try_advisory_lock</c>) on a connection of its own, outside the pool, held
/// for as long as the run lasts. The server releases it when the session ends, so a node that crashes or loses its network
/// frees its jobs: at once when its process dies (the kernel closes the socket), and within about a minute when its machine
/// vanishes (TCP keepalives set on the session, see <see cref="KeepaliveSettings"/>).
/// </summary>
public sealed class PostgresJobLock : IJobLock, IDisposable
{
    /// <summary>The session's server-side keepalives: a silent peer is dropped after 30 s idle plus 3 probes 10 s apart.</summary>
    public const string KeepaliveSettings = "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3";

    /// <summary>Prefix of the lock sessions' <c>application_name</c>, so <c>pg_stat_activity</c> shows which node runs which job.</summary>
    public const string ApplicationNamePrefix = "sealservice job ";

    private readonly NpgsqlDataSource _source;

    public PostgresJobLock(string connectionString)
    {
        // Outside the pool: a pooled connection would keep its session, and with it the lock, after being returned.
        _source = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false });
    }

    /// <summary>The advisory lock key of a job: the first 8 bytes of SHA-256 over its name, the same on every node.</summary>
    public static long KeyOf(string job) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("sealservice.job:" + job)));

    public async Task<IAsyncDisposable?> TryAcquireAsync(string job, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(job);
        var connection = _source.CreateConnection();
        try
        {
            await connection.OpenAsync(ct);
            await using (var setup = connection.CreateCommand())
            {
                setup.CommandText = KeepaliveSettings + "; SELECT set_config('application_name', @name, false)";
                setup.Parameters.AddWithValue("name", ApplicationNamePrefix + job);
                await setup.ExecuteNonQueryAsync(ct);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT pg_try_advisory_lock(@key)";
            command.Parameters.AddWithValue("key", KeyOf(job));
            if (await command.ExecuteScalarAsync(ct) is true)
            {
                return new Held(connection, KeyOf(job));
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }

    public void Dispose() => _source.Dispose();

    private sealed class Held(NpgsqlConnection connection, long key) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // Closing the session would release the lock too; unlocking first makes it free before this returns.
                await using var command = connection.CreateCommand();
                command.CommandText = "SELECT pg_advisory_unlock(@key)";
                command.Parameters.AddWithValue("key", key);
                await command.ExecuteScalarAsync(CancellationToken.None);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                // The session is gone (server restart, network), and the lock went with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }
}
