using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Bogus;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

using SealVerifier;
using SealService.Admin;
using SealService.Data;

namespace SealService.Benchmarks;

/// <summary>
/// <c>registry-load DATA_DIR N</c>: creates DATA_DIR/sealservice.db with the service's migrations and writes N certificates
/// straight into it (batched INSERTs, one transaction per 50,000 rows), for bench/registry.sh. Holders and products have
/// German, English, French and Kinyarwanda names (Bogus locales plus the word lists in registry-names.txt); programs
/// smig, shig and rwts; states active, suspended, revoked, superseded and expired. Each row carries payload, signature
/// and QR token blobs of the real sizes, so the table is as large as a real one. The registry's triggers fill
/// RegistryEntries and its FTS5 index as in production. The rows have no applications behind them (foreign keys off on
/// this connection only): the registry never reads them.
/// </summary>
public static class RegistryLoad
{
    private const int Batch = 50_000;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            await Console.Error.WriteLineAsync("usage: registry-load DATA_DIR N");
            return 2;
        }

        var directory = Path.GetFullPath(args[0]);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, "sealservice.db");
        if (File.Exists(path))
        {
            await Console.Error.WriteLineAsync($"registry-load: {path} exists; give a fresh folder.");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        await using (var db = new AppDbContext(new DbContextOptionsBuilder<AppDbContext>().UseSqlite($"Data Source={path}").Options))
        {
            await db.Database.MigrateAsync();
        }

        var names = new NameSource(new Random(20261129));
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, ForeignKeys = false, Pooling = false }.ToString());
        await connection.OpenAsync();
        await ExecuteAsync(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA cache_size = -1000000; PRAGMA temp_store = MEMORY;");

        await using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO "Certificates" ("Id", "ApplicationId", "Serial", "ProgramId", "HolderName", "HolderCountry", "ProductName", "Language", "Payload",
                "CmsSignature", "QrToken", "KeyId", "IssuedAt", "ValidFrom", "ValidUntil", "Status", "StatusChangedAt", "ConcurrencyStamp")
            VALUES ($id, $application, $serial, $program, $holder, $country, $product, $language, $payload, $signature, $token, 'bench-key', $issued, $issued, $until, $status, $changed, $stamp)
            """;
        string[] parameterNames = ["$id", "$application", "$serial", "$program", "$holder", "$country", "$product", "$language", "$payload", "$signature", "$token", "$issued", "$until", "$status", "$changed", "$stamp"];
        var p = parameterNames.ToDictionary(n => n, n => insert.Parameters.Add(new SqliteParameter { ParameterName = n }));

        // Sizes of a real seal: canonical JSON payload about 0.8 KB, detached CMS about 1.6 KB, QR token about 300 characters.
        var payload = RandomNumberGenerator.GetBytes(800);
        var signature = RandomNumberGenerator.GetBytes(1600);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(225)).Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow;
        var random = new Random(42);
        var serials = new HashSet<string>(StringComparer.Ordinal);
        string[] programs = ["smig", "shig", "rwts"];

        for (var start = 0; start < count; start += Batch)
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
            insert.Transaction = transaction;
            for (var i = start; i < Math.Min(count, start + Batch); i++)
            {
                var holder = names.Holder();
                var program = holder.Language == "rw" ? (random.Next(3) == 0 ? "smig" : "rwts") : programs[random.Next(2)];
                string serial;
                do
                {
                    serial = Serial.New(program.ToUpperInvariant()).Value;
                }
                while (!serials.Add(serial));

                // Issued over the last four years for three years: about a quarter has expired.
                var issued = now.AddDays(-random.Next(1, 4 * 365));
                var until = issued.AddYears(3);
                var status = random.Next(100) switch { < 5 => "Suspended", < 10 => "Revoked", < 20 => "Superseded", _ => "Active" };

                p["$id"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                p["$application"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                p["$serial"].Value = serial;
                p["$program"].Value = program;
                p["$holder"].Value = holder.Name;
                p["$country"].Value = holder.Country;
                p["$product"].Value = names.Product(holder.Language);
                p["$language"].Value = holder.Language;
                p["$payload"].Value = payload;
                p["$signature"].Value = signature;
                p["$token"].Value = token;
                p["$issued"].Value = issued.UtcTicks;
                p["$until"].Value = until.UtcTicks;
                p["$status"].Value = status;
                p["$changed"].Value = issued.AddDays(random.Next(0, 300)).UtcTicks;
                p["$stamp"].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
            Console.Error.WriteLine($"registry-load: {Math.Min(count, start + Batch)} of {count} certificates, {clock.Elapsed.TotalSeconds:F0} s");
        }

        await ExecuteAsync(connection, "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE; PRAGMA optimize;");
        Console.WriteLine($"registry-load: {count} certificates in {clock.Elapsed.TotalSeconds:F1} s, {new FileInfo(path).Length / 1024 / 1024} MB");
        return 0;
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed record Holder(string Name, string Country, string Language);

    /// <summary>
    /// A pool of holders per language (a holder has several certified products, as in a real registry) and product names
    /// from Bogus' commerce data or, for Kinyarwanda, from the committed word lists.
    /// </summary>
    private sealed class NameSource
    {
        private static readonly (string Language, string Locale, string[] Countries, int Weight)[] Languages =
        [
            ("de", "de", ["DE", "DE", "DE", "AT", "CH"], 40),
            ("en", "en", ["GB", "US", "IE", "GB"], 25),
            ("fr", "fr", ["FR", "FR", "BE", "LU", "CH"], 20),
            ("rw", "en", ["RW"], 15),
        ];

        private readonly Random _random;
        private readonly Dictionary<string, Faker> _fakers = [];
        private readonly Dictionary<string, List<Holder>> _holders = [];
        private readonly string[] _rwFirst;
        private readonly string[] _rwLast;
        private readonly string[] _rwCompany;
        private readonly Dictionary<string, (string[] Products, string[] Qualities)> _products;

        public NameSource(Random random)
        {
            _random = random;
            Randomizer.Seed = new Random(7);
            var lists = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "registry-names.txt"))
                .Where(l => l.Length > 0 && !l.StartsWith('#'))
                .Select(l => l.Split(':', 2))
                .ToDictionary(parts => parts[0].Trim(), parts => parts[1].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
            (_rwFirst, _rwLast, _rwCompany) = (lists["first"], lists["last"], lists["company"]);
            _products = new()
            {
                ["rw"] = (lists["product"], lists["quality"]),
                ["de"] = (lists["product.de"], lists["quality.de"]),
                ["fr"] = (lists["product.fr"], lists["quality.fr"]),
            };
            foreach (var (language, locale, _, _) in Languages)
            {
                _fakers[language] = new Faker(locale);
                _holders[language] = [];
            }
        }

        public Holder Holder()
        {
            var pick = _random.Next(100);
            var entry = Languages[0];
            foreach (var candidate in Languages)
            {
                entry = candidate;
                if ((pick -= candidate.Weight) < 0)
                {
                    break;
                }
            }

            // Four products per holder on average: a new holder a quarter of the time, otherwise one seen before.
            var pool = _holders[entry.Language];
            if (pool.Count > 0 && _random.Next(4) != 0)
            {
                return pool[_random.Next(pool.Count)];
            }

            var name = entry.Language == "rw" ? RwandanCompany() : Trim(_fakers[entry.Language].Company.CompanyName(), 200);
            var holder = new Holder(name, entry.Countries[_random.Next(entry.Countries.Length)], entry.Language);
            pool.Add(holder);
            return holder;
        }

        /// <summary>Kinyarwanda products from the word lists; German and French ones half from the lists, half Bogus' English names.</summary>
        public string Product(string language)
        {
            if (_products.TryGetValue(language, out var words) && (language == "rw" || _random.Next(2) == 0))
            {
                var product = words.Products[_random.Next(words.Products.Length)];
                var quality = words.Qualities[_random.Next(words.Qualities.Length)];
                return language == "rw" ? $"{product} {quality}" : $"{quality} {product}";
            }

            return Trim(_fakers[language].Commerce.ProductName(), 200);
        }

        private string RwandanCompany() => _random.Next(3) switch
        {
            0 => $"{_rwCompany[_random.Next(_rwCompany.Length)]} {_rwLast[_random.Next(_rwLast.Length)]} Ltd",
            1 => $"{_rwFirst[_random.Next(_rwFirst.Length)]} {_rwLast[_random.Next(_rwLast.Length)]} & Co",
            _ => $"Koperative {_rwCompany[_random.Next(_rwCompany.Length)]} {_rwLast[_random.Next(_rwLast.Length)]}",
        };

        private static string Trim(string text, int length) => text.Length > length ? text[..length] : text;
    }
}
