using System.Reflection;
using SealService.Tests.Support;

namespace SealService.Tests.Architecture;

/// <summary>The demo data is not part of the product: SealService.dll has no demo type and no reference to Bogus (issue #10).</summary>
public sealed class ProductAssemblyTests
{
    private static readonly Assembly Product = typeof(Program).Assembly;

    [Fact]
    public void The_product_assembly_references_neither_Bogus_nor_the_demo()
    {
        var references = Product.GetReferencedAssemblies().Select(a => a.Name ?? "").ToList();
        Assert.DoesNotContain(references, name => name.StartsWith("Bogus", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(references, name => name.Contains("Demo", StringComparison.Ordinal));
        Assert.Contains("SealVerifier", references);
    }

    [Fact]
    public void The_product_assembly_has_no_demo_type()
    {
        var types = Product.GetTypes();
        Assert.Contains(types, t => t.Name == "SealServiceRegistration");
        Assert.Empty(types.Where(t => t.FullName!.Contains("Demo", StringComparison.Ordinal)).Select(t => t.FullName));
    }

    [Fact]
    public void The_built_service_does_not_depend_on_Bogus()
    {
        // What 'dotnet publish' ships is what this list names; the demo add-on and Bogus are not in it.
        var dependencies = File.ReadAllText(Path.Combine(ServiceProcess.ApplicationFolder, "SealService.deps.json"));
        Assert.DoesNotContain("Bogus", dependencies, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("SealService.Demo", dependencies, StringComparison.OrdinalIgnoreCase);
    }
}
