using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SealService.Infrastructure.Mail;
using SealService.Tests.Support;

namespace SealService.Tests.Mail;

/// <summary>Mail:Smtp:Host decides the transport in every environment; Production without it refuses to start.</summary>
public sealed class MailConfigurationTests
{
    private sealed class ProductionWithoutSmtp : WebApplicationFactory<Program>
    {
        public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "sealservice-tests", Guid.NewGuid().ToString("N"));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:DataDirectory", DataDirectory);
            builder.UseSetting("Seal:PublicBaseUrl", "https://seals.example.org");
        }
    }

    private sealed class WithSettings(IDictionary<string, string?> settings) : SealServiceFactory
    {
        protected override IDictionary<string, string?> Settings => settings;
    }

    [Fact]
    public void Production_without_an_SMTP_host_refuses_to_start_and_names_the_keys()
    {
        using var factory = new ProductionWithoutSmtp();
        var refused = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var messages = Flatten(refused);
        Assert.Contains("refuses to start in Production", messages, StringComparison.Ordinal);
        Assert.Contains("Mail:Smtp:Host is not configured", messages, StringComparison.Ordinal);
        Assert.Contains("Mail:From is not configured", messages, StringComparison.Ordinal);
        // Another option section failing at the same time is named in the same message.
        Assert.Contains("Seal:Contact:Email is not configured", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_an_SMTP_host_mail_goes_to_the_pickup_folder()
    {
        using var factory = new WithSettings(new Dictionary<string, string?>());
        Assert.IsType<PickupFolderMailTransport>(factory.Services.GetRequiredService<IMailTransport>());
    }

    [Fact]
    public void With_an_SMTP_host_mail_goes_over_SMTP_with_the_configured_sender()
    {
        using var factory = new WithSettings(new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "mail.example.org",
            ["Mail:Smtp:Port"] = "2525",
            ["Mail:From"] = "Prüfstelle <seals@example.org>",
        });
        Assert.IsType<SmtpMailTransport>(factory.Services.GetRequiredService<IMailTransport>());
        var message = factory.Services.GetRequiredService<MailComposer>().Compose(new OutgoingMail("a@example.com", "s", "t", "<p>h</p>", "en", "test"), DateTimeOffset.UtcNow);
        Assert.Equal("seals@example.org", message.From.Mailboxes.Single().Address);
        Assert.Equal("Prüfstelle", message.From.Mailboxes.Single().Name);
        Assert.EndsWith("@example.org", message.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void Retries_back_off_exponentially_up_to_the_maximum()
    {
        var settings = new OutboxOptions();
        Assert.Equal(TimeSpan.FromSeconds(30), OutboxDispatcher.Backoff(1, settings));
        Assert.Equal(TimeSpan.FromSeconds(60), OutboxDispatcher.Backoff(2, settings));
        Assert.Equal(TimeSpan.FromSeconds(240), OutboxDispatcher.Backoff(4, settings));
        Assert.Equal(TimeSpan.FromHours(1), OutboxDispatcher.Backoff(20, settings));
    }

    private static string Flatten(Exception exception) =>
        exception is AggregateException aggregate
            ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(Flatten))
            : exception.Message + (exception.InnerException is { } inner ? "\n" + Flatten(inner) : "");
}
