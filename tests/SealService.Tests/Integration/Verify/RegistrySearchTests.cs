using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Registry;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Verify;

/// <summary>
/// The registry's full-text search (SQLite FTS5 over the RegistryEntries read model, kept current by triggers) and its
/// paging with a capped count: words and word beginnings, any case or accents, serials, immediate updates, every entry reachable.
/// </summary>
public sealed class RegistrySearchTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    [Fact]
    public async Task Finds_words_and_word_beginnings_in_any_case_and_without_accents()
    {
        var marker = "Reg" + Guid.NewGuid().ToString("N")[..8];
        var seal = await factory.Issuer.IssueAsync(factory, holderName: $"Bäckerei Müller {marker} SARL", productName: "Crème brûlée Kigali Édition", country: "FR");
        var other = await factory.Issuer.IssueAsync(factory, holderName: $"Umuhinzi Cooperative {marker}", productName: "Ikawa Nziza", programId: "rwts", country: "RW");

        Assert.Equal([seal.Serial], await SerialsAsync($"müller {marker}"));
        Assert.Equal([seal.Serial], await SerialsAsync($"MULLER {marker}"));
        Assert.Equal([seal.Serial], await SerialsAsync($"bäck {marker}"));
        Assert.Equal([seal.Serial], await SerialsAsync($"creme BRULEE edition {marker}"));
        Assert.Equal([seal.Serial], await SerialsAsync($"{marker} kig"));
        Assert.Equal([other.Serial], await SerialsAsync($"umuhinzi {marker} ikawa"));
        Assert.Equal(new[] { other.Serial, seal.Serial }.Order(StringComparer.Ordinal), (await SerialsAsync(marker)).Order(StringComparer.Ordinal));
        // Ordered by holder: "Bäckerei" before "Umuhinzi".
        Assert.Equal([seal.Serial, other.Serial], await SerialsAsync(marker[..6]));

        // All words must match; a word inside another word is not a match (the index holds words, not substrings).
        Assert.Empty(await SerialsAsync($"müller {marker} nziza"));
        Assert.Empty(await SerialsAsync($"ckerei {marker}"));

        // Search syntax is just text: quotes, stars, operators and SQL are searched for as words, never interpreted.
        Assert.Equal([seal.Serial], await SerialsAsync($"\"{marker}\" müller*"));
        Assert.Empty(await SerialsAsync($"{marker} OR nowhere"));
        Assert.Empty(await SerialsAsync($"{marker}' OR 1=1 --"));
        Assert.Empty(await SerialsAsync("\"*:()-^"));
    }

    [Fact]
    public async Task Finds_a_serial_typed_exactly_in_lower_case_without_hyphens_or_by_one_group()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        Assert.Equal([seal.Serial], await SerialsAsync(seal.Serial));
        Assert.Equal([seal.Serial], await SerialsAsync(seal.Serial.ToLowerInvariant()));
        Assert.Equal([seal.Serial], await SerialsAsync(seal.Serial.Replace("-", "", StringComparison.Ordinal)));
        Assert.Contains(seal.Serial, await SerialsAsync(seal.Serial.Split('-')[1]));

        // A word that happens to read as a serial typed loosely still finds itself (the serial is an alternative, not a replacement).
        var lookalike = SealVerifier.Serial.New("ABCD").Value.Replace("-", "", StringComparison.Ordinal);
        var named = await factory.Issuer.IssueAsync(factory, productName: "Modell " + lookalike);
        Assert.Equal([named.Serial], await SerialsAsync(lookalike));
    }

    [Fact]
    public async Task A_new_certificate_a_renamed_one_and_a_status_change_show_on_the_next_search()
    {
        var marker = "Live" + Guid.NewGuid().ToString("N")[..8];
        Assert.Empty(await SerialsAsync(marker));
        var seal = await factory.Issuer.IssueAsync(factory, productName: $"Ubwiza {marker}");
        Assert.Equal([seal.Serial], await SerialsAsync(marker));

        // A corrected product name replaces the old words in the index at once.
        await factory.WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Certificates.Where(c => c.Serial == seal.Serial)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProductName, $"Umucyo {marker}")));
        Assert.Equal([seal.Serial], await SerialsAsync($"umucyo {marker}"));
        Assert.Empty(await SerialsAsync($"ubwiza {marker}"));

        await SealStatesFixture.ChangeStatusAsync(factory, seal.Serial, StatusChange.Revoke, StatusChangeReason.HolderRequest, "");
        Assert.Empty(await SerialsAsync(marker));
        Assert.Equal([seal.Serial], await SerialsAsync(marker, includeInactive: true));
    }

    [Fact]
    public async Task A_long_result_has_a_capped_count_and_every_entry_stays_reachable_page_by_page()
    {
        // 2,100 matches: more than the count limit, so the count is capped and paging goes on by "next page".
        var marker = "Bulk" + Guid.NewGuid().ToString("N")[..8];
        var rows = await InsertAsync(marker, 2100);
        var listed = InOrder(rows.Where(r => r.Listed));
        Assert.True(listed.Count > RegistrySearch.CountLimit);

        var first = await SearchAsync(new RegistryQuery(marker, null, null, 1, false));
        Assert.False(first.TotalIsExact);
        Assert.Equal(RegistrySearch.CountLimit, first.Total);
        Assert.True(first.HasNextPage);
        Assert.Equal(listed.Take(RegistrySearch.PageSize), first.Entries.Select(e => e.Serial));

        var seen = await WalkAsync(new RegistryQuery(marker, null, null, 1, false));
        Assert.Equal(listed, seen);

        // Filters on a common word: one program, one country, and inactive ones included.
        var program = await WalkAsync(new RegistryQuery(marker, "rwts", null, 1, false));
        Assert.Equal(InOrder(rows.Where(r => r.Listed && r.Program == "rwts")), program);
        var country = await WalkAsync(new RegistryQuery(marker, null, "rw", 1, true));
        Assert.Equal(InOrder(rows.Where(r => r.Country == "RW")), country);

        // A narrower search is counted exactly.
        var narrow = await SearchAsync(new RegistryQuery($"{marker} n01", null, null, 1, true));
        Assert.True(narrow.TotalIsExact);
        Assert.Equal(rows.Count(r => r.Number.StartsWith("N01", StringComparison.Ordinal)), narrow.Total);

        // A page past the end shows the last page with the exact count.
        var past = await SearchAsync(new RegistryQuery(marker, null, null, 5000, false));
        Assert.True(past.TotalIsExact);
        Assert.Equal(listed.Count, past.Total);
        Assert.Equal((listed.Count + RegistrySearch.PageSize - 1) / RegistrySearch.PageSize, past.Page);
        Assert.False(past.HasNextPage);
        Assert.Equal(listed.Skip((past.Page - 1) * RegistrySearch.PageSize), past.Entries.Select(e => e.Serial));

        // The page and the API say "more than" instead of a wrong total.
        var client = factory.CreateClient();
        var page = await client.GetDocumentAsync($"/Registry?q={marker}");
        Assert.Contains($"More than {RegistrySearch.CountLimit} certified products found.", page.QuerySelector("#registry-count")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("a[rel=next]"));
        var api = await client.GetFromJsonAsync<JsonElement>($"/api/v1/registry?q={marker}&page=2");
        Assert.False(api.GetProperty("totalIsExact").GetBoolean());
        Assert.True(api.GetProperty("hasNextPage").GetBoolean());
        Assert.Equal(RegistrySearch.CountLimit, api.GetProperty("total").GetInt32());
        Assert.Equal(RegistrySearch.PageSize, api.GetProperty("items").GetArrayLength());

        // The unfiltered registry (no text) also reaches every listed entry.
        var all = await WalkAsync(new RegistryQuery(null, null, null, 1, false));
        Assert.Subset(all.ToHashSet(StringComparer.Ordinal), listed.ToHashSet(StringComparer.Ordinal));
    }

    private async Task<List<string>> SerialsAsync(string text, bool includeInactive = false) =>
        (await SearchAsync(new RegistryQuery(text, null, null, 1, includeInactive))).Entries.Select(e => e.Serial).ToList();

    private Task<RegistryPage> SearchAsync(RegistryQuery query) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<RegistrySearch>().SearchAsync(query, CancellationToken.None));

    private async Task<List<string>> WalkAsync(RegistryQuery query)
    {
        var serials = new List<string>();
        for (var number = 1; number < 1000; number++)
        {
            var page = await SearchAsync(query with { Page = number });
            Assert.Equal(number, page.Page);
            serials.AddRange(page.Entries.Select(e => e.Serial));
            if (!page.HasNextPage)
            {
                Assert.Equal(number, page.PageCount);
                return serials;
            }
        }

        throw new InvalidOperationException("Paging did not end.");
    }

    private sealed record BulkRow(string Serial, string Holder, string Number, string Program, string Country, bool Listed);

    /// <summary>The registry's order: holder, product, serial (ordinal, as SQLite compares text).</summary>
    private static List<string> InOrder(IEnumerable<BulkRow> rows) =>
        rows.OrderBy(r => r.Holder, StringComparer.Ordinal).ThenBy(r => "Product " + r.Number, StringComparer.Ordinal).ThenBy(r => r.Serial, StringComparer.Ordinal)
            .Select(r => r.Serial).ToList();

    /// <summary>
    /// Writes certificates straight into the table (as the registry benchmark's loader does), so the triggers alone must
    /// put them into the registry; every third is revoked, every seventh expired.
    /// </summary>
    private async Task<List<BulkRow>> InsertAsync(string marker, int count)
    {
        var connectionString = await factory.WithScopeAsync(sp => Task.FromResult(sp.GetRequiredService<AppDbContext>().Database.GetConnectionString()!));
        await using var connection = await CertificateRows.OpenAsync(connectionString);
        await using var transaction = await connection.BeginTransactionAsync();
        var now = factory.Time.GetUtcNow();
        var rows = new List<BulkRow>();
        string[] programs = ["smig", "shig", "rwts"];
        string[] countries = ["DE", "FR", "RW"];
        for (var i = 0; i < count; i++)
        {
            var number = "N" + i.ToString("D4", CultureInfo.InvariantCulture);
            var serial = $"T-{marker}-{i:D4}".ToUpperInvariant();
            var status = i % 3 == 0 ? "Revoked" : "Active";
            var validUntil = i % 7 == 0 ? now.AddDays(-1) : now.AddDays(100);
            var row = new BulkRow(serial, $"Holder {marker} {i % 10}", number, programs[i % 3 == 1 ? 2 : i % 2], countries[i % 5 % 3], status == "Active" && validUntil >= now);
            rows.Add(row);
            await CertificateRows.InsertAsync(connection, serial, row.Holder, $"Product {number}", now.AddDays(-30), validUntil, status, row.Program, row.Country);
        }

        await transaction.CommitAsync();
        return rows;
    }
}
