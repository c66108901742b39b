using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SealService.Infrastructure;

namespace SealService.Tests.Integration.Issuance;

public sealed class ProductionStartTests
{
    private sealed class ProductionWithoutKeys : WebApplicationFactory<Program>
    {
        public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sealservice-tests", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataDirectory", DataDirectory);
            builder.UseSetting("Seal:PublicBaseUrl", "https://seals.example.org");
            // Mail is configured so that only the missing keys stop the start (MailConfigurationTests covers mail).
            builder.UseSetting("Mail:Smtp:Host", "127.0.0.1");
            builder.UseSetting("Mail:From", "Seals <seals@example.org>");
        }
    }

    [Fact]
    public void Production_refuses_to_start_without_keys_and_says_why()
    {
        using var factory = new ProductionWithoutKeys();
        var refused = Assert.Throws<StartupRefusedException>(() => factory.CreateClient());
        Assert.Contains("refuses to start in Production", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Keys:Directory is not configured", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Keys:Passphrase is not configured", refused.Message, StringComparison.Ordinal);
    }
}
