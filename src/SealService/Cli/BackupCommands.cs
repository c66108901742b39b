using System.CommandLine;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace SealService.Cli;

/// <summary>
/// backup: one archive with a consistent copy of the SQLite database, taken with SQLite's online backup API while the service
/// runs (a plain file copy of a live database can miss committed changes), plus the evidence files and a manifest of hashes.
/// </summary>
public sealed class BackupCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var output = new Option<FileInfo>("--out") { Description = "The archive to write (a .zip); never overwritten.", Required = true, HelpName = "FILE" };
        var command = new Command("backup", "Write a consistent backup of the SQLite database and the evidence files into one archive, while the service runs. PostgreSQL: use pg_dump (README).") { output };
        command.SetAction(runner.Action(command.Name, DatabaseUse.None, async context =>
        {
            var storage = context.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            BackupArchive.RequireSqlite(storage, "backup", "pg_dump");
            var paths = context.Services.GetRequiredService<DataPaths>();
            if (!File.Exists(paths.SqliteDatabase))
            {
                throw new InvalidOperationException($"There is no database at {paths.SqliteDatabase}; check Storage:DataDirectory.");
            }

            var target = Path.GetFullPath(context.Value(output).FullName);
            var result = await BackupArchive.WriteAsync(paths, target, context.Services.GetRequiredService<TimeProvider>().GetUtcNow());
            await context.Out.WriteLineAsync($"Backup written to {target}: {result.Manifest.Certificates} certificates, audit head {result.Manifest.AuditHead ?? "(empty log)"}, {result.Manifest.Files.Count - 1} evidence files.");
            foreach (var missing in result.MissingEvidence)
            {
                await context.Error.WriteLineAsync($"Warning: evidence file {missing} is referenced by the database but was removed before it could be copied.");
            }

            await context.Out.WriteLineAsync("Restore it with 'restore --from FILE' into an empty data folder.");
            return 0;
        }));
        return command;
    }
}

/// <summary>restore: unpacks a backup archive into an empty data folder, checking every file's hash and the database's integrity.</summary>
public sealed class RestoreCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var from = new Option<FileInfo>("--from") { Description = "An archive written by 'backup'.", Required = true, HelpName = "FILE" };
        var command = new Command("restore", "Restore a backup archive into an empty data folder (Storage:DataDirectory); refuses a folder that holds any file. PostgreSQL: use pg_restore (README).") { from };
        command.SetAction(runner.Action(command.Name, DatabaseUse.None, async context =>
        {
            var storage = context.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
            BackupArchive.RequireSqlite(storage, "restore", "pg_restore");
            var root = DataPaths.ResolveRoot(storage, context.Environment);
            var archive = context.Value(from).FullName;
            if (!File.Exists(archive))
            {
                throw new InvalidOperationException($"There is no backup archive at {archive}.");
            }

            var manifest = await BackupArchive.RestoreAsync(archive, root);
            await context.Out.WriteLineAsync($"Restored {archive} (taken {manifest.Created:yyyy-MM-dd'T'HH:mm:ss'Z'}) into {root}: {manifest.Certificates} certificates, {manifest.Files.Count - 1} evidence files.");
            if (manifest.AuditHead is { } head)
            {
                await context.Out.WriteLineAsync($"Check it: verify-audit-log --expect-head {head}");
            }

            return 0;
        }));
        return command;
    }
}

/// <summary>The archive format: <c>backup.json</c> (manifest with a SHA-256 per file), <c>sealservice.db</c>, <c>evidence/*</c>.</summary>
public static class BackupArchive
{
    public const string ManifestEntry = "backup.json";
    public const int FormatVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public sealed record Manifest(int Format, DateTimeOffset Created, string? SchemaVersion, long Certificates, string? AuditHead, IReadOnlyDictionary<string, string> Files);

    public sealed record Written(Manifest Manifest, IReadOnlyList<string> MissingEvidence);

    public static void RequireSqlite(StorageOptions storage, string command, string postgresTool)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (!string.Equals(storage.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"'{command}' handles the embedded SQLite database. With PostgreSQL use {postgresTool} for the database and copy the evidence folder (README, \"Backups\").");
        }
    }

    public static async Task<Written> WriteAsync(DataPaths paths, string target, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (File.Exists(target))
        {
            throw new InvalidOperationException($"{target} already exists; a backup never overwrites a file.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var snapshot = target + ".db.partial";
        var partial = target + ".partial";
        try
        {
            // The database first: evidence files are written before the rows that name them (EvidenceStore), so every file the
            // snapshot references is already on disk when the folder is copied next.
            Snapshot(paths.SqliteDatabase, snapshot);
            var (schema, certificates, head, referenced) = Describe(snapshot);
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var missing = new List<string>();
            Manifest manifest;
            await using (var stream = new FileStream(partial, FileMode.CreateNew, FileAccess.Write))
            using (var zip = new ZipArchive(stream, ZipArchiveMode.Create))
            {
                files[DataPaths.SqliteFileName] = await AddAsync(zip, DataPaths.SqliteFileName, snapshot);
                foreach (var file in Directory.EnumerateFiles(paths.Evidence).Order(StringComparer.Ordinal))
                {
                    var name = Path.GetFileName(file);
                    if (name.StartsWith('.'))
                    {
                        continue; // uploads in progress; their rows are not committed
                    }

                    try
                    {
                        files[$"evidence/{name}"] = await AddAsync(zip, $"evidence/{name}", file);
                    }
                    catch (FileNotFoundException)
                    {
                        // Removed between listing and copying: fine unless the snapshot still references it (reported below).
                    }
                }

                missing.AddRange(referenced.Where(name => !files.ContainsKey($"evidence/{name}")));
                manifest = new Manifest(FormatVersion, now, schema, certificates, head, files);
                var entry = zip.CreateEntry(ManifestEntry, CompressionLevel.Optimal);
                await using var writer = entry.Open();
                await JsonSerializer.SerializeAsync(writer, manifest, Json);
            }

            // Only a complete archive gets the name the operator asked for.
            File.Move(partial, target);
            return new Written(manifest, missing);
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(partial);
        }
    }

    public static async Task<Manifest> RestoreAsync(string archive, string root)
    {
        if (Directory.Exists(root) && Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Any())
        {
            throw new InvalidOperationException($"The data folder {root} is not empty. Restore only into an empty folder (set Storage:DataDirectory to a new one): nothing was changed.");
        }

        using var zip = ZipFile.OpenRead(archive);
        var manifestEntry = zip.GetEntry(ManifestEntry) ?? throw new InvalidOperationException($"{archive} is not a SealService backup (no {ManifestEntry}).");
        Manifest manifest;
        await using (var stream = manifestEntry.Open())
        {
            manifest = await JsonSerializer.DeserializeAsync<Manifest>(stream, Json)
                ?? throw new InvalidOperationException($"{archive} has an empty {ManifestEntry}.");
        }

        if (manifest.Format != FormatVersion || !manifest.Files.ContainsKey(DataPaths.SqliteFileName))
        {
            throw new InvalidOperationException($"{archive} has backup format {manifest.Format}; this version reads format {FormatVersion}.");
        }

        // Unpack into a folder beside the target and move it into place at the end: a damaged archive leaves nothing half-restored.
        var full = Path.GetFullPath(root);
        var staging = full.TrimEnd(Path.DirectorySeparatorChar) + $".restore-{Guid.NewGuid():N}";
        Directory.CreateDirectory(Path.Combine(staging, "evidence"));
        try
        {
            foreach (var (name, sha256) in manifest.Files)
            {
                var entry = zip.GetEntry(name) ?? throw new InvalidOperationException($"{archive} lacks {name}, which its manifest lists.");
                var path = Path.GetFullPath(Path.Combine(staging, name));
                if (!path.StartsWith(staging + Path.DirectorySeparatorChar, StringComparison.Ordinal) || (name != DataPaths.SqliteFileName && !name.StartsWith("evidence/", StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"{archive} names a file outside the data folder ({name}); refused.");
                }

                await using (var source = entry.Open())
                await using (var destination = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
                {
                    await source.CopyToAsync(destination);
                }

                if (!string.Equals(await HashAsync(path), sha256, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"{name} in {archive} does not match its recorded SHA-256: the archive is damaged.");
                }
            }

            CheckIntegrity(Path.Combine(staging, DataPaths.SqliteFileName));
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true); // empty, checked above
            }

            Directory.Move(staging, full);
            Directory.CreateDirectory(Path.Combine(full, "mail"));
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static void Snapshot(string database, string target)
    {
        using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
        using var destination = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = target, Pooling = false }.ToString());
        source.Open();
        destination.Open();
        // sqlite3_backup in one step: one read transaction on the source, so the copy is one consistent moment while the service
        // keeps writing (WAL mode lets writers go on).
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                source.BackupDatabase(destination);
                break;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 && attempt < 100)
            {
                // SQLITE_BUSY / SQLITE_LOCKED: a writer is checkpointing right now; try again shortly.
                Thread.Sleep(100);
            }
        }

        using var command = destination.CreateCommand();
        command.CommandText = "PRAGMA journal_mode = DELETE";
        command.ExecuteNonQuery();
        destination.Close();
        CheckIntegrity(target);
    }

    private static void CheckIntegrity(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        var result = Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (result != "ok")
        {
            throw new InvalidOperationException($"The database copy fails SQLite's integrity check: {result}");
        }
    }

    private static (string? Schema, long Certificates, string? AuditHead, List<string> Evidence) Describe(string database)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        string? Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        bool Exists(string table) => Scalar($"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'") == "1";
        var schema = Exists("__EFMigrationsHistory") ? Scalar("SELECT MigrationId FROM \"__EFMigrationsHistory\" ORDER BY MigrationId DESC LIMIT 1") : null;
        var certificates = Exists("Certificates") ? long.Parse(Scalar("SELECT count(*) FROM \"Certificates\"") ?? "0", CultureInfo.InvariantCulture) : 0;
        var head = Exists("AuditLog") ? Scalar("SELECT Sequence || ':' || Hash FROM \"AuditLog\" ORDER BY Sequence DESC LIMIT 1") : null;
        var evidence = new List<string>();
        if (Exists("EvidenceFiles"))
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT StoredName FROM \"EvidenceFiles\"";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                evidence.Add(reader.GetString(0));
            }
        }

        return (schema, certificates, string.IsNullOrEmpty(head) ? null : head, evidence);
    }

    private static async Task<string> AddAsync(ZipArchive zip, string name, string path)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        await using (var destination = entry.Open())
        {
            await source.CopyToAsync(destination);
        }

        source.Position = 0;
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(source));
    }

    private static async Task<string> HashAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream));
    }
}
