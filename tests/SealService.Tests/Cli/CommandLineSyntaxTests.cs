using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Cli;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Integration.Renewal;
using SealService.Tests.Support;

namespace SealService.Tests.Cli;

/// <summary>The System.CommandLine syntax of every admin command: help, strict options, case-insensitive enums.</summary>
public sealed class CommandLineSyntaxTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private async Task<(int Exit, string Out, string Error)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AdminCommandLine.RunAsync([.. args, $"--Storage:DataDirectory={factory.DataDirectory}", $"--Keys:Directory={factory.KeysDirectory}",
            "--Keys:Passphrase=test-only-passphrase", "--Keys:CreateIfMissing=true", "--Seal:PublicBaseUrl=https://seals.example.org", "--environment", "Testing"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    public static TheoryData<string[], string> EveryCommand => new()
    {
        { ["migrate"], "migrate" },
        { ["create-user"], "--organization" },
        { ["seed-demo"], "seed-demo" },
        { ["verify-audit-log"], "--expect-head" },
        { ["keys"], "compromised" },
        { ["keys", "init"], "init" },
        { ["keys", "rotate"], "rotate" },
        { ["keys", "list"], "list" },
        { ["keys", "compromised"], "--since" },
        { ["suspend"], "--reason" },
        { ["reinstate"], "--serial" },
        { ["revoke"], "--details" },
        { ["issue"], "--application" },
        { ["backup"], "--out" },
        { ["restore"], "--from" },
    };

    [Theory]
    [MemberData(nameof(EveryCommand))]
    public async Task Every_command_has_help(string[] command, string mentions)
    {
        var (exit, output, error) = await RunAsync([.. command, "--help"]);
        Assert.True(exit == 0, error);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
        Assert.Contains(mentions, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Top_level_help_lists_every_command()
    {
        var (exit, output, _) = await RunAsync("--help");
        Assert.Equal(0, exit);
        foreach (var command in new[] { "migrate", "create-user", "seed-demo", "verify-audit-log", "keys", "suspend", "reinstate", "revoke", "issue", "backup", "restore" })
        {
            Assert.Contains(command, output, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("create-user", "--emial", "typo@example.org", "--email", "a@example.org", "--password", "Long-enough-2026", "--role", "Auditor")]
    [InlineData("verify-audit-log", "--expect", "1:abc")]
    [InlineData("revoke", "--serial", "SMIG-7K3Q-9XWD-C", "--reason", "Other", "--detials", "x")]
    [InlineData("keys", "list", "--verbose")]
    [InlineData("migrate", "now")]
    public async Task Mistyped_options_and_stray_words_are_refused_with_exit_2(params string[] args)
    {
        var (exit, _, error) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains("Unrecognized", error, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mistyped_create_user_option_creates_nobody()
    {
        var email = $"typo-{Guid.NewGuid():N}@example.org";
        var (exit, _, _) = await RunAsync("create-user", "--email", email, "--password", "Long-enough-2026", "--role", "Auditor", "--nmae", "Nina");
        Assert.Equal(2, exit);
        Assert.False(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.AnyAsync(u => u.Email == email)));
    }

    [Fact]
    public async Task Roles_are_case_insensitive()
    {
        var email = $"lower-{Guid.NewGuid():N}@example.org";
        var (exit, output, error) = await RunAsync("create-user", "--email", email, "--password", "Long-enough-2026", "--role", "auditor");
        Assert.True(exit == 0, error);
        Assert.Contains($"Created Auditor {email}", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reason_is_case_insensitive_and_details_true_is_kept_as_text()
    {
        var certificate = (await RenewalScenario.IssuedAsync(factory)).Certificate;
        var (exit, output, error) = await RunAsync("suspend", "--serial", certificate.Serial, "--reason", "other", "--details", "true");
        Assert.True(exit == 0, error);
        Assert.Contains("is now Suspended", output, StringComparison.Ordinal);
        var stored = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().SingleAsync(c => c.Serial == certificate.Serial));
        Assert.Equal(StatusChangeReason.Other, stored.StatusReason);
        Assert.Equal("true", stored.StatusReasonText);

        var (revoked, revokedOutput, revokedError) = await RunAsync("revoke", "--serial", certificate.Serial, "--reason", "FALSEDECLARATION");
        Assert.True(revoked == 0, revokedError);
        Assert.Contains("is now Revoked", revokedOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_reason_lists_the_reasons()
    {
        var (exit, _, error) = await RunAsync("revoke", "--serial", "SMIG-7K3Q-9XWD-C", "--reason", "boredom");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown reason 'boredom'", error, StringComparison.Ordinal);
        Assert.Contains("KeyCompromise", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("No key store in", "keys", "list", "--Keys:Directory=/nonexistent/sealservice-keys", "--Keys:Passphrase=p")]
    [InlineData("Keys:Passphrase is not configured", "keys", "init", "--Keys:Directory=/nonexistent/sealservice-keys")]
    [InlineData("Keys:Directory is not configured", "keys", "rotate")]
    [InlineData("Storage:Provider 'Oracle' is not supported", "migrate", "--Storage:Provider=Oracle")]
    [InlineData("no certificate with the serial", "revoke", "--serial", "UNKNOWN", "--reason", "other")]
    public async Task Operator_errors_are_one_line_with_exit_1_and_no_stack_trace(string message, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // A well-formed serial this service never issued.
        args = args.Select(a => a == "UNKNOWN" ? SealVerifier.Serial.New("SMIG").Value : a).ToArray();
        var exit = await AdminCommandLine.RunAsync([.. args, $"--Storage:DataDirectory={factory.DataDirectory}", "--environment", "Testing"], stdout, stderr);
        Assert.Equal(1, exit);
        Assert.Contains(message, stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr.ToString() + stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_password_starting_with_at_is_a_password_not_a_response_file()
    {
        var email = $"at-{Guid.NewGuid():N}@example.org";
        var (exit, _, error) = await RunAsync("create-user", "--email", email, "--password", "@Long-enough-2026", "--role", "Auditor");
        Assert.True(exit == 0, error);
    }
}
