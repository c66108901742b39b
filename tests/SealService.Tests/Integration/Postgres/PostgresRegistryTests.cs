using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Registry;
using SealService.Tests.Integration.Verify;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Postgres;

/// <summary>
/// The registry on PostgreSQL: the GIN full-text index over registry_document (unaccent, lower case, words) from the
/// RegistryIndex migration answers the same searches as SQLite's FTS5 index.
/// </summary>
public sealed class PostgresRegistryTests(PostgresFactory factory) : IClassFixture<PostgresFactory>, IDisposable
{
    private readonly TestSealIssuer _issuer = new(factory.Time.GetUtcNow());

    [Fact]
    public async Task Registry_search_finds_words_prefixes_serials_without_case_or_accents_and_follows_changes_at_once()
    {
        var marker = "Pg" + Guid.NewGuid().ToString("N")[..8];
        var seal = await _issuer.IssueAsync(factory, holderName: $"Bäckerei Müller-Lüdenscheid {marker}", productName: "Crème brûlée Édition", country: "DE");
        var other = await _issuer.IssueAsync(factory, holderName: $"Umuhinzi Cooperative {marker}", productName: "Ikawa Nziza", programId: "rwts", country: "RW");

        Assert.Equal([seal.Serial], await SerialsAsync($"müller {marker}"));
        Assert.Equal([seal.Serial], await SerialsAsync($"MULLER {marker}"));
        Assert.Equal([seal.Serial], await SerialsAsync($"ludensch {marker}"));
        Assert.Equal([seal.Serial], await SerialsAsync($"bäck creme BRULEE {marker}"));
        Assert.Equal([seal.Serial, other.Serial], await SerialsAsync(marker));
        Assert.Empty(await SerialsAsync($"ckerei {marker}"));
        Assert.Empty(await SerialsAsync($"{marker}' OR 1=1 --"));
        Assert.Equal([seal.Serial], await SerialsAsync($"\"{marker}\" & müller:*"));

        Assert.Equal([seal.Serial], await SerialsAsync(seal.Serial));
        Assert.Equal([seal.Serial], await SerialsAsync(seal.Serial.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()));

        var rwanda = await factory.WithScopeAsync(sp => sp.GetRequiredService<RegistrySearch>().SearchAsync(new RegistryQuery(marker, "rwts", "rw", 1, false), CancellationToken.None));
        Assert.Equal(other.Serial, Assert.Single(rwanda.Entries).Serial);
        Assert.True(rwanda.TotalIsExact);
        Assert.Contains("RW", await factory.WithScopeAsync(sp => sp.GetRequiredService<RegistrySearch>().CountriesAsync(CancellationToken.None)));

        await factory.WithScopeAsync(async sp => await sp.GetRequiredService<AppDbContext>().Certificates.Where(c => c.Serial == other.Serial)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.ProductName, "Icyayi Cyiza")));
        Assert.Equal([other.Serial], await SerialsAsync($"icyayi {marker}"));
        Assert.Empty(await SerialsAsync($"ikawa {marker}"));

        await SealStatesFixture.ChangeStatusAsync(factory, seal.Serial, StatusChange.Revoke, StatusChangeReason.HolderRequest, "");
        var api = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/registry?q={marker}");
        Assert.Equal(other.Serial, Assert.Single(api.GetProperty("items").EnumerateArray()).GetProperty("serial").GetString());
        Assert.Equal(1, api.GetProperty("total").GetInt32());
        Assert.True(api.GetProperty("totalIsExact").GetBoolean());
        Assert.False(api.GetProperty("hasNextPage").GetBoolean());
        var all = await factory.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/registry?q={marker}&includeInactive=true");
        Assert.Equal(2, all.GetProperty("total").GetInt32());
    }

    public void Dispose() => _issuer.Dispose();

    private async Task<List<string>> SerialsAsync(string text) =>
        (await factory.WithScopeAsync(sp => sp.GetRequiredService<RegistrySearch>().SearchAsync(new RegistryQuery(text, null, null, 1, false), CancellationToken.None)))
        .Entries.Select(e => e.Serial).ToList();
}
