using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;

namespace SealService.Infrastructure;

/// <summary>
/// The "Demo" settings. The demo data itself is not part of this assembly: it is an add-on assembly (src/SealService.Demo)
/// that only a development host loads, so nothing a release build ships can create accounts with a published password.
/// </summary>
public sealed class DevelopmentAddOnOptions
{
    public const string Section = "Demo";

    /// <summary>Create demo organizations, users and applications when the database is empty. Development only: any other environment refuses to start with it.</summary>
    public bool SeedOnFirstStart { get; set; }

    /// <summary>
    /// The add-on assembly a Development host loads from the application folder (appsettings.Development.json names
    /// SealService.Demo, which <c>dotnet run</c> builds and copies there). Ignored in every other environment.
    /// </summary>
    public string? Assembly { get; set; }
}

/// <summary>Implemented by a public class of an add-on assembly: adds the add-on's services (e.g. its <see cref="ISampleData"/>) to the host.</summary>
public interface IDevelopmentAddOn
{
    void AddServices(IServiceCollection services);
}

/// <summary>Data to try the service with, created on an empty development database at first start and by <c>seed-demo</c>.</summary>
public interface ISampleData
{
    /// <summary>Creates the data, or changes nothing when it is there already.</summary>
    Task<SampleDataResult> CreateAsync(CancellationToken ct = default);
}

/// <param name="Created">False when the data was there already and nothing changed.</param>
/// <param name="Password">The password of every sample account (published: Development only).</param>
/// <param name="Logins">One line per sample account: the e-mail address and what it is for.</param>
public sealed record SampleDataResult(bool Created, string Password, IReadOnlyList<string> Logins);

/// <summary>Which add-on this host loaded, or why it loaded none although one was configured.</summary>
public sealed record DevelopmentAddOnStatus(string? Loaded, string? Problem)
{
    public static readonly DevelopmentAddOnStatus None = new(null, null);

    /// <summary>Why this host has no <see cref="ISampleData"/>, for the operator.</summary>
    public string WhyNoSampleData => Problem ?? "no demo add-on is configured (Demo:Assembly)";
}

/// <summary>
/// Loads the add-on named by <see cref="DevelopmentAddOnOptions.Assembly"/> in Development only. The product never references
/// it: the assembly is found by name in the application folder (with its own dependencies beside it), and a missing one is
/// reported, not fatal, so a development host without it still starts, only without demo data.
/// </summary>
public static partial class DevelopmentAddOns
{
    private static readonly ConcurrentDictionary<string, bool> ResolvingFolders = new(StringComparer.Ordinal);

    public static WebApplicationBuilder AddDevelopmentAddOn(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var name = builder.Configuration.GetSection(DevelopmentAddOnOptions.Section).Get<DevelopmentAddOnOptions>()?.Assembly;
        var status = builder.Environment.IsDevelopment() && !string.IsNullOrWhiteSpace(name)
            ? Load(name.Trim(), AppContext.BaseDirectory, builder.Services)
            : DevelopmentAddOnStatus.None;
        builder.Services.AddSingleton(status);
        return builder;
    }

    /// <summary>Loads <paramref name="name"/> (a plain assembly name, no path) and runs every <see cref="IDevelopmentAddOn"/> it exports.</summary>
    public static DevelopmentAddOnStatus Load(string name, string folder, IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(services);
        if (!PlainAssemblyName().IsMatch(name))
        {
            return new DevelopmentAddOnStatus(null, $"Demo:Assembly must be an assembly name such as SealService.Demo, not '{name}'");
        }

        var assembly = LoadFrom(name, folder);
        if (assembly is null)
        {
            return new DevelopmentAddOnStatus(null,
                $"the demo assembly {name}.dll is not in {folder} ('dotnet run --project src/SealService' builds it in Debug; or build src/SealService.Demo)");
        }

        var addOns = assembly.GetExportedTypes()
            .Where(t => typeof(IDevelopmentAddOn).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .ToList();
        if (addOns.Count == 0)
        {
            return new DevelopmentAddOnStatus(null, $"{name} has no public {nameof(IDevelopmentAddOn)} class");
        }

        foreach (var type in addOns)
        {
            ((IDevelopmentAddOn)Activator.CreateInstance(type)!).AddServices(services);
        }

        return new DevelopmentAddOnStatus(name, null);
    }

    private static Assembly? LoadFrom(string name, string folder)
    {
        // A host that references the add-on (the tests) has it in its dependency list already; use that one.
        try
        {
            return AssemblyLoadContext.Default.LoadFromAssemblyName(new AssemblyName(name));
        }
        catch (FileNotFoundException)
        {
        }

        var path = Path.Combine(folder, name + ".dll");
        if (!File.Exists(path))
        {
            return null;
        }

        // The add-on's own dependencies (e.g. Bogus) are copied beside it but are not in this app's dependency list.
        if (ResolvingFolders.TryAdd(folder, true))
        {
            AssemblyLoadContext.Default.Resolving += (context, dependency) =>
                dependency.Name is { } simple && File.Exists(Path.Combine(folder, simple + ".dll")) ? context.LoadFromAssemblyPath(Path.Combine(folder, simple + ".dll")) : null;
        }

        return AssemblyLoadContext.Default.LoadFromAssemblyPath(path);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.]*$")]
    private static partial Regex PlainAssemblyName();
}
