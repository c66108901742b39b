using SealService.Domain;
using SealService.Verification;

namespace SealService.Cli;

/// <summary>suspend, reinstate and revoke from the command line, as the system actor (an admin), with the same rules and audit entries as the certifier pages.</summary>
public static class CertificateStatusCommands
{
    public static void Register()
    {
        var reasons = string.Join("|", Enum.GetNames<StatusChangeReason>());
        AdminCommandLine.Register(new AdminCommand("suspend", $"--serial S --reason {reasons} [--details T]",
            "Suspend an active certificate; the verifier shows it as suspended at once.", ctx => RunAsync(ctx, StatusChange.Suspend)));
        AdminCommandLine.Register(new AdminCommand("reinstate", "--serial S",
            "Reinstate a suspended certificate.", ctx => RunAsync(ctx, StatusChange.Reinstate)));
        AdminCommandLine.Register(new AdminCommand("revoke", $"--serial S --reason {reasons} [--details T]",
            "Revoke a certificate for good; the verifier shows it as revoked at once.", ctx => RunAsync(ctx, StatusChange.Revoke)));
    }

    private static async Task<int> RunAsync(CommandContext context, StatusChange change)
    {
        var input = context.Args.Required("serial");
        if (!SealVerifier.Serial.TryParse(input, out var serial))
        {
            throw new CommandUsageException($"'{input}' is not a valid seal serial.");
        }

        StatusChangeReason? reason = null;
        if (change != StatusChange.Reinstate)
        {
            var text = context.Args.Required("reason");
            if (!StatusReasons.TryParse(text, out var parsed))
            {
                throw new CommandUsageException($"Unknown reason '{text}'. Use one of: {string.Join(", ", Enum.GetNames<StatusChangeReason>())}.");
            }

            reason = parsed;
        }

        var details = context.Args.Optional("details") is { } d && d != "true" ? d : null;
        var changes = context.Services.GetRequiredService<CertificateStatusChanges>();
        var certificate = await changes.ApplyAsync(serial.Value, change, reason, details, Actor.System, null, CancellationToken.None);
        if (certificate is null)
        {
            await context.Error.WriteLineAsync($"{ChangeName(change)}: no certificate with the serial {serial.Value}.");
            return 1;
        }

        await context.Out.WriteLineAsync($"{certificate.Serial} ({certificate.HolderName}, {certificate.ProductName}) is now {certificate.Status}.");
        return 0;
    }

    private static string ChangeName(StatusChange change) => change.ToString().ToLowerInvariant();
}
