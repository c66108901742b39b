using System.Text.RegularExpressions;

namespace SealService.Tests.Architecture;

/// <summary>
/// The one-way rules of docs/architecture.md, checked on the source: cross-cutting code never reaches into a feature,
/// and every feature slice registers itself through one XFeature.cs.
/// </summary>
public sealed partial class SliceDependencyTests
{
    private static readonly string[] Features =
        ["Admin", "Api", "Apply", "Audit", "Certify", "Renewal", "Issuance", "Keys", "Verify", "Registry", "TransparencyLog", "Home"];

    private static readonly string SourceRoot = FindSourceRoot();

    [Theory]
    [InlineData("Infrastructure")]
    [InlineData("Domain")]
    [InlineData("Programs")]
    [InlineData("Cli")]
    public void Cross_cutting_code_never_depends_on_a_feature(string folder)
    {
        var offenders = Sources(folder)
            .SelectMany(file => FeatureReference().Matches(File.ReadAllText(file))
                .Select(m => m.Groups["feature"].Value)
                .Where(feature => Features.Contains(feature, StringComparer.Ordinal))
                .Select(feature => $"{Path.GetRelativePath(SourceRoot, file)} uses {feature}"))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(Environment.NewLine, offenders));
    }

    [Fact]
    public void Every_feature_with_services_registers_them_in_one_XFeature_file()
    {
        foreach (var feature in Features.Where(f => f != "Home"))
        {
            var registrations = Directory.EnumerateFiles(Path.Combine(SourceRoot, feature), "*Feature.cs").Select(Path.GetFileName).ToList();
            Assert.True(registrations.SequenceEqual([$"{feature}Feature.cs"]), $"{feature}/ has {string.Join(", ", registrations)}");
        }

        Assert.Empty(Directory.EnumerateFiles(SourceRoot, "*Registration.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(SourceRoot, f))
            .Where(f => !f.StartsWith("obj", StringComparison.Ordinal) && !f.StartsWith("bin", StringComparison.Ordinal))
            .Except(["SealServiceRegistration.cs", "FeatureRegistration.cs", Path.Combine("Infrastructure", "Telemetry", "TelemetryRegistration.cs")]));
    }

    [Fact]
    public void Page_models_leave_refusals_to_the_refusal_filter()
    {
        var offenders = Features.SelectMany(Sources)
            .Where(f => f.EndsWith(".cshtml.cs", StringComparison.Ordinal))
            .Where(f => CatchOfRefusal().IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(SourceRoot, f))
            .ToList();
        Assert.True(offenders.Count == 0, "Pages catching refusals themselves: " + string.Join(", ", offenders));
    }

    private static IEnumerable<string> Sources(string folder) =>
        Directory.EnumerateFiles(Path.Combine(SourceRoot, folder), "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal));

    private static string FindSourceRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SealService.sln")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("SealService.sln not found above the test output."), "src", "SealService");
    }

    [GeneratedRegex(@"(?:^@?using\s+|\b)SealService\.(?<feature>[A-Z][A-Za-z]+)\b", RegexOptions.Multiline)]
    private static partial Regex FeatureReference();

    [GeneratedRegex(@"catch\s*\(\s*(DomainRuleViolation|DbUpdateConcurrencyException)\b")]
    private static partial Regex CatchOfRefusal();
}
