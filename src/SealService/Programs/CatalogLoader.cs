using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SealService.Programs;

/// <summary>Reads and validates catalog files. A file that breaks the schema stops the service with the file name and the problem.</summary>
public static class CatalogLoader
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    public static IReadOnlyList<CriteriaCatalog> LoadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"The seal program folder '{directory}' does not exist.");
        }

        return Directory.EnumerateFiles(directory, "*.json")
            .Order(StringComparer.Ordinal)
            .Select(path => Load(File.ReadAllText(path), Path.GetFileName(path)))
            .ToList();
    }

    public static CriteriaCatalog Load(string content, string source)
    {
        CriteriaCatalog? catalog;
        try
        {
            catalog = JsonSerializer.Deserialize<CriteriaCatalog>(content, Options);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"Catalog {source} is not valid: {ex.Message}", ex);
        }

        if (catalog is null)
        {
            throw new InvalidOperationException($"Catalog {source} is empty.");
        }

        Validate(catalog, source);
        return catalog with { Digest = ComputeDigest(content), Content = content };
    }

    /// <summary>SHA-256 over the catalog's JSON with members sorted and whitespace removed, so reformatting a file does not change its identity.</summary>
    public static string ComputeDigest(string content)
    {
        var node = JsonNode.Parse(content) ?? throw new InvalidOperationException("Empty catalog.");
        var canonical = Encoding.UTF8.GetBytes(Sorted(node)?.ToJsonString() ?? "null");
        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(canonical));
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static void Validate(CriteriaCatalog catalog, string source)
    {
        void Require(bool condition, string problem)
        {
            if (!condition)
            {
                throw new InvalidOperationException($"Catalog {source}: {problem}");
            }
        }

        Require(catalog.ProgramId.Length is > 0 and <= 16 && catalog.ProgramId.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)), "programId must be lower-case letters and digits.");
        Require(catalog.Version.Length > 0, "version is missing.");
        Require(catalog.Status is "published" or "draft", "status must be 'published' or 'draft'.");
        Require(catalog.SerialPrefix.Length is >= 2 and <= 5 && catalog.SerialPrefix.All(char.IsAsciiLetterUpper), "serialPrefix must be 2 to 5 upper-case letters.");
        Require(catalog.ValidityMonths is > 0 and <= 36, "validityMonths must be between 1 and 36.");
        Require(catalog.Languages.Contains(catalog.DefaultLanguage), "defaultLanguage must be one of languages.");
        Require(catalog.Criteria.Count > 0, "there are no criteria.");
        Require(catalog.Criteria.Select(c => c.Id).Distinct(StringComparer.Ordinal).Count() == catalog.Criteria.Count, "criterion ids must be unique.");
        foreach (var language in catalog.Languages)
        {
            Require(catalog.Name.ContainsKey(language) && catalog.Attestation.ContainsKey(language), $"name and attestation need the language '{language}'.");
            foreach (var criterion in catalog.Criteria)
            {
                Require(criterion.Title.ContainsKey(language) && criterion.Requirement.ContainsKey(language), $"criterion {criterion.Id} needs a title and requirement in '{language}'.");
            }
        }
    }
}
