using System.Data.Common;
using System.Text;

namespace SealService.Registry;

public sealed record RegistryQuery(string? Text, string? Program, string? Country, int Page, bool IncludeInactive);

public sealed record RegistryEntry(string Serial, string HolderName, string HolderCountry, string ProductName, string ProgramId,
    DateTimeOffset ValidUntil, string Status, string QrToken);

/// <summary>
/// One page of the registry. <see cref="Total"/> is exact when <see cref="TotalIsExact"/>; otherwise there are more than
/// <see cref="Total"/> entries (counting a million rows on every request would cost seconds), and
/// <see cref="HasNextPage"/> says whether paging on finds more.
/// </summary>
public sealed record RegistryPage(IReadOnlyList<RegistryEntry> Entries, int Page, int PageSize, int Total, bool TotalIsExact = true, bool HasNextPage = false)
{
    /// <summary>The number of pages when the total is exact; otherwise the pages known to exist so far.</summary>
    public int PageCount => TotalIsExact
        ? Math.Max(1, (Total + PageSize - 1) / PageSize)
        : Math.Max(Page + (HasNextPage ? 1 : 0), (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The public registry of certified products: active and suspended seals, or every seal with <see cref="RegistryQuery.IncludeInactive"/>.
/// Built for millions of entries: the text search uses the database's own full-text index (SQLite FTS5 over the
/// RegistryEntries read model that triggers keep current; a GIN index on PostgreSQL), lists walk an index in the
/// registry's order, and the count stops at <see cref="CountLimit"/>. The index objects come from the migrations
/// (RegistryIndex and RegistryOrder in Data/Migrations, RegistryIndex in Data/Migrations/Postgres).
/// </summary>
public sealed class RegistrySearch(AppDbContext db, TimeProvider time)
{
    public const int PageSize = 20;

    /// <summary>Counts stop here; above it the page says "more than 1,000" and paging goes on by "next page".</summary>
    public const int CountLimit = 1000;

    private const int MaxTextLength = 100;
    private const int MaxTerms = 8;

    public async Task<RegistryPage> SearchAsync(RegistryQuery query, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filter = new Filter(
            RegistryText.Alternatives(query.Text, MaxTextLength, MaxTerms),
            string.IsNullOrWhiteSpace(query.Program) ? null : query.Program.Trim().ToLowerInvariant(),
            string.IsNullOrWhiteSpace(query.Country) ? null : query.Country.Trim().ToUpperInvariant(),
            query.IncludeInactive,
            time.GetUtcNow());
        if (!string.IsNullOrWhiteSpace(query.Text) && filter.Alternatives.Count == 0)
        {
            // Only punctuation: nothing can match a word search.
            return new RegistryPage([], 1, PageSize, 0);
        }

        var store = db.Database.IsNpgsql() ? (IRegistryStore)new PostgresRegistryStore(db) : new SqliteRegistryStore(db);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await db.Database.OpenConnectionAsync(ct);
        }

        try
        {
            var (count, countIsExact) = await store.CountAsync(filter, CountLimit + 1, ct);
            var page = Math.Max(1, query.Page);
            if (countIsExact)
            {
                page = Math.Min(page, Math.Max(1, (count + PageSize - 1) / PageSize));
            }

            var ids = await store.PageAsync(filter, (long)(page - 1) * PageSize, PageSize + 1, ct);
            if (ids.Count == 0 && page > 1)
            {
                // Past the end of a long list (a stale link or a typed page number): count once exactly and show the last page.
                (count, _) = await store.CountAsync(filter, int.MaxValue, ct);
                countIsExact = true;
                page = Math.Max(1, (count + PageSize - 1) / PageSize);
                ids = await store.PageAsync(filter, (long)(page - 1) * PageSize, PageSize + 1, ct);
            }

            var hasNext = ids.Count > PageSize;
            if (hasNext)
            {
                ids = ids.Take(PageSize).ToList();
            }

            var entries = await LoadAsync(ids, filter.Now, ct);
            var seen = (page - 1) * PageSize + entries.Count;
            if (count <= CountLimit)
            {
                return new RegistryPage(entries, page, PageSize, count, true, hasNext);
            }

            // More than the limit: report a number the registry certainly exceeds.
            if (!hasNext)
            {
                return new RegistryPage(entries, page, PageSize, seen, true, false);
            }

            return new RegistryPage(entries, page, PageSize, Math.Max(CountLimit, seen), false, true);
        }
        finally
        {
            if (opened)
            {
                await db.Database.CloseConnectionAsync();
            }
        }
    }

    /// <summary>Countries that appear in the registry, for the filter.</summary>
    public async Task<IReadOnlyList<string>> CountriesAsync(CancellationToken ct)
    {
        // A loose index scan: one index seek per distinct country instead of reading every certificate.
        var table = db.Database.IsNpgsql() ? "\"Certificates\"" : "\"RegistryEntries\"";
        var sql = $"""
            WITH RECURSIVE countries(code) AS (
                SELECT MIN("HolderCountry") FROM {table}
                UNION ALL
                SELECT (SELECT MIN("HolderCountry") FROM {table} WHERE "HolderCountry" > countries.code) FROM countries WHERE countries.code IS NOT NULL
            )
            SELECT code AS "Value" FROM countries WHERE code IS NOT NULL
            """;
        var countries = await db.Database.SqlQueryRaw<string>(sql).ToListAsync(ct);
        return countries.Order(StringComparer.Ordinal).ToList();
    }

    private async Task<IReadOnlyList<RegistryEntry>> LoadAsync(List<Guid> ids, DateTimeOffset now, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        // Only the listed columns: the signed payload and its signature stay on disk.
        var rows = await db.Certificates.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Serial, c.HolderName, c.HolderCountry, c.ProductName, c.ProgramId, c.ValidUntil, c.Status, c.QrToken })
            .ToDictionaryAsync(c => c.Id, ct);
        return ids.Where(rows.ContainsKey).Select(id => rows[id]).Select(c => new RegistryEntry(c.Serial, c.HolderName, c.HolderCountry, c.ProductName,
            c.ProgramId, c.ValidUntil, PublicStatus(c.Status, c.ValidUntil, now), c.QrToken)).ToList();
    }

    private static string PublicStatus(CertificateStatus status, DateTimeOffset validUntil, DateTimeOffset now) => status switch
    {
        CertificateStatus.Revoked => "revoked",
        CertificateStatus.Suspended => "suspended",
        CertificateStatus.Superseded => "superseded",
        _ when now > validUntil => "expired",
        _ => "active",
    };

    /// <summary>Alternatives: entries matching every term of at least one alternative (the words as typed, or the serial they spell).</summary>
    internal sealed record Filter(IReadOnlyList<IReadOnlyList<string>> Alternatives, string? Program, string? Country, bool IncludeInactive, DateTimeOffset Now)
    {
        public bool HasText => Alternatives.Count > 0;
    }

    private interface IRegistryStore
    {
        /// <summary>The number of entries, counted up to <paramref name="limit"/>; exact when below it.</summary>
        Task<(int Count, bool IsExact)> CountAsync(Filter filter, int limit, CancellationToken ct);

        /// <summary>The certificate ids of one slice of the registry in its order (holder, product, serial).</summary>
        Task<List<Guid>> PageAsync(Filter filter, long skip, int take, CancellationToken ct);
    }

    /// <summary>
    /// SQLite: the RegistryEntries read model (small rows whose integer key follows the registry's order; triggers on
    /// Certificates keep it current) with three covering indexes in the registry's order (all, by program, by country), and
    /// the FTS5 table RegistryFts over its names and serial, whose rowid is that key. Index names are given with INDEXED BY
    /// and the full-text table leads its join (CROSS JOIN), so no plan can fall back to a sort.
    /// </summary>
    private sealed class SqliteRegistryStore(AppDbContext db) : IRegistryStore
    {
        private const string Order = "e.\"HolderName\", e.\"ProductName\", e.\"Serial\"";

        public async Task<(int Count, bool IsExact)> CountAsync(Filter filter, int limit, CancellationToken ct)
        {
            await using var command = Command(filter, out var where);
            string sql;
            if (!filter.HasText)
            {
                sql = $"SELECT COUNT(*) FROM (SELECT 1 FROM \"RegistryEntries\" AS e INDEXED BY {OrderedIndex(filter)} WHERE {where} LIMIT $limit)";
            }
            else
            {
                // Counting from the matches side touches each match once, in key order.
                sql = $"SELECT COUNT(*) FROM (SELECT 1 FROM \"RegistryFts\" AS f CROSS JOIN \"RegistryEntries\" AS e ON e.\"Key\" = f.rowid WHERE f.\"RegistryFts\" MATCH $match AND {where} LIMIT $limit)";
            }

            command.CommandText = sql;
            Add(command, "$limit", limit);
            var count = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            return (count, count < limit);
        }

        public async Task<List<Guid>> PageAsync(Filter filter, long skip, int take, CancellationToken ct)
        {
            await using var command = Command(filter, out var where);
            // Without text, an ordered index in the registry's order is walked; with text, the full-text matches come in
            // key order, which is the registry's order, so the walk stops after the page however common the words are.
            var inner = filter.HasText
                ? $"SELECT e.\"Key\" FROM \"RegistryFts\" AS f CROSS JOIN \"RegistryEntries\" AS e ON e.\"Key\" = f.rowid WHERE f.\"RegistryFts\" MATCH $match AND {where} ORDER BY f.rowid LIMIT $take OFFSET $skip"
                : $"SELECT e.\"Key\" FROM \"RegistryEntries\" AS e INDEXED BY {OrderedIndex(filter)} WHERE {where} ORDER BY {Order} LIMIT $take OFFSET $skip";

            // The page's keys come from the indexes alone; only its 20 rows are then read for their ids, in the page's order.
            command.CommandText = $"SELECT r.\"CertificateId\" FROM ({inner}) AS p JOIN \"RegistryEntries\" AS r ON r.\"Key\" = p.\"Key\" ORDER BY r.\"Key\"";
            Add(command, "$take", take);
            Add(command, "$skip", skip);
            var ids = new List<Guid>(take);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(Guid.Parse(reader.GetString(0)));
            }

            return ids;
        }

        private static string OrderedIndex(Filter filter) =>
            filter.Program is not null ? "\"IX_RegistryEntries_Program\""
            : filter.Country is not null ? "\"IX_RegistryEntries_Country\""
            : "\"IX_RegistryEntries_Order\"";

        private DbCommand Command(Filter filter, out string where)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            var conditions = FilterConditions(command, filter, "e", "$", "$", filter.Now.UtcTicks);

            if (filter.HasText)
            {
                Add(command, "$match", MatchExpression(filter.Alternatives));
            }

            where = conditions.Count == 0 ? "1" : string.Join(" AND ", conditions);
            return command;
        }

        /// <summary>
        /// Each term as a quoted FTS5 string (so the user's text is never FTS5 syntax), AND-ed; a prefix query from two
        /// characters on (FTS5 keeps prefix indexes for two and three characters), a whole word for a single character.
        /// </summary>
        internal static string MatchExpression(IReadOnlyList<IReadOnlyList<string>> alternatives) =>
            string.Join(" OR ", alternatives.Select(terms =>
                "(" + string.Join(" AND ", terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (t.Length > 1 ? "*" : ""))) + ")"));
    }

    /// <summary>
    /// PostgreSQL: a GIN index on registry_document(serial, holder, product) (accent-free, lower-case words; see the
    /// RegistryIndex migration) and B-tree indexes in the registry's order; the planner chooses between them.
    /// </summary>
    private sealed class PostgresRegistryStore(AppDbContext db) : IRegistryStore
    {
        public async Task<(int Count, bool IsExact)> CountAsync(Filter filter, int limit, CancellationToken ct)
        {
            await using var command = Command(filter, out var where);
            command.CommandText = $"SELECT COUNT(*) FROM (SELECT 1 FROM \"Certificates\" AS c WHERE {where} LIMIT @limit) AS counted";
            Add(command, "limit", limit);
            var count = Convert.ToInt32(await command.ExecuteScalarAsync(ct), CultureInfo.InvariantCulture);
            return (count, count < limit);
        }

        public async Task<List<Guid>> PageAsync(Filter filter, long skip, int take, CancellationToken ct)
        {
            await using var command = Command(filter, out var where);
            command.CommandText = $"SELECT c.\"Id\" FROM \"Certificates\" AS c WHERE {where} ORDER BY c.\"HolderName\", c.\"ProductName\", c.\"Serial\" LIMIT @take OFFSET @skip";
            Add(command, "take", take);
            Add(command, "skip", skip);
            var ids = new List<Guid>(take);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                ids.Add(reader.GetGuid(0));
            }

            return ids;
        }

        private DbCommand Command(Filter filter, out string where)
        {
            var command = db.Database.GetDbConnection().CreateCommand();
            var conditions = FilterConditions(command, filter, "c", "@", "", filter.Now.ToUniversalTime());

            if (filter.HasText)
            {
                // Terms hold letters and digits only, so "term:*" is one prefix lexeme; registry_fold removes accents as the index did.
                var alternatives = new List<string>();
                var index = 0;
                foreach (var terms in filter.Alternatives)
                {
                    var parts = new List<string>();
                    foreach (var term in terms)
                    {
                        var name = "term" + (index++).ToString(CultureInfo.InvariantCulture);
                        parts.Add($"to_tsquery('simple', registry_fold(@{name}) || '{(term.Length > 1 ? ":*" : "")}')");
                        Add(command, name, term);
                    }

                    alternatives.Add("(" + string.Join(" && ", parts) + ")");
                }

                conditions.Add($"registry_document(c.\"Serial\", c.\"HolderName\", c.\"ProductName\") @@ ({string.Join(" || ", alternatives)})");
            }

            where = conditions.Count == 0 ? "TRUE" : string.Join(" AND ", conditions);
            return command;
        }
    }

    /// <summary>
    /// The conditions every store applies (only valid seals unless inactive ones are wanted; program; country) on the table
    /// alias <paramref name="alias"/>, with their parameters added to <paramref name="command"/>. <paramref name="sqlMark"/>
    /// marks a parameter in SQL, <paramref name="nameMark"/> starts its name (SQLite "$"/"$", Npgsql "@"/"").
    /// </summary>
    private static List<string> FilterConditions(DbCommand command, Filter filter, string alias, string sqlMark, string nameMark, object now)
    {
        var conditions = new List<string>();
        if (!filter.IncludeInactive)
        {
            conditions.Add($"{alias}.\"Status\" IN ('Active', 'Suspended') AND {alias}.\"ValidUntil\" >= {sqlMark}now");
            Add(command, nameMark + "now", now);
        }

        if (filter.Program is not null)
        {
            conditions.Add($"{alias}.\"ProgramId\" = {sqlMark}program");
            Add(command, nameMark + "program", filter.Program);
        }

        if (filter.Country is not null)
        {
            conditions.Add($"{alias}.\"HolderCountry\" = {sqlMark}country");
            Add(command, nameMark + "country", filter.Country);
        }

        return conditions;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

/// <summary>How the registry splits a search text into terms: runs of letters and digits, lower-case, at most a few.</summary>
public static class RegistryText
{
    /// <summary>
    /// The words as typed and, when the text reads as a serial typed loosely (any case, hyphens left out), that serial's
    /// groups as a second alternative: "smig7k3q9xwdc" finds SMIG-7K3Q-9XWD-C, while a word that merely happens to
    /// parse as a serial still finds itself.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<string>> Alternatives(string? text, int maxLength = 100, int maxTerms = 8)
    {
        var typed = Terms(text, maxLength, maxTerms);
        if (typed.Count == 0)
        {
            return [];
        }

        if (SealVerifier.Serial.TryParse(text!.Trim(), out var serial))
        {
            var groups = Terms(serial.Value, maxLength, maxTerms);
            if (!groups.SequenceEqual(typed, StringComparer.Ordinal))
            {
                return [typed, groups];
            }
        }

        return [typed];
    }

    public static IReadOnlyList<string> Terms(string? text, int maxLength = 100, int maxTerms = 8)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        text = text.Trim();
        if (text.Length > maxLength)
        {
            text = text[..maxLength];
        }

        var terms = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in text.Normalize(NormalizationForm.FormC))
        {
            if (char.IsLetterOrDigit(ch))
            {
                current.Append(char.ToLowerInvariant(ch));
                continue;
            }

            Flush();
        }

        Flush();
        return terms.Distinct(StringComparer.Ordinal).Take(maxTerms).ToList();

        void Flush()
        {
            if (current.Length > 0)
            {
                terms.Add(current.ToString());
                current.Clear();
            }
        }
    }
}
