using System.CommandLine;
using SealService.Cli;
using SealService.Verify;

namespace SealService.Certify;

/// <summary>suspend, reinstate and revoke from the command line, as the system actor (an admin), with the same rules and audit entries as the certifier pages.</summary>
public static class CertificateStatusCommands
{
    internal static Command Create(AdminCommandRunner runner, StatusChange change, string description)
    {
        var serial = new Option<string>("--serial")
        {
            Description = "The seal serial, e.g. SMIG-7K3Q-9XWD-C.",
            Required = true,
            Validators = { result => CheckSerial(result) },
        };
        var command = new Command(change.ToString().ToLowerInvariant(), description) { serial };
        Option<StatusChangeReason>? reason = null;
        Option<string?>? details = null;
        if (change != StatusChange.Reinstate)
        {
            reason = new Option<StatusChangeReason>("--reason")
            {
                Description = "Why (names are case-insensitive).",
                Required = true,
                HelpName = string.Join("|", Enum.GetNames<StatusChangeReason>()),
                CustomParser = result =>
                {
                    var text = result.Tokens.Single().Value;
                    if (StatusReasons.TryParse(text, out var parsed))
                    {
                        return parsed;
                    }

                    result.AddError($"Unknown reason '{text}'. Use one of: {string.Join(", ", Enum.GetNames<StatusChangeReason>())}.");
                    return default;
                },
            };
            details = new Option<string?>("--details") { Description = "Free text shown with the reason, e.g. the invoice number." };
            command.Options.Add(reason);
            command.Options.Add(details);
        }

        command.SetAction(runner.Action(command.Name, DatabaseUse.CurrentSchema, async context =>
        {
            if (!SealVerifier.Serial.TryParse(context.Value(serial), out var parsed))
            {
                throw new CommandUsageException($"'{context.Value(serial)}' is not a valid seal serial.");
            }

            var changes = context.Services.GetRequiredService<CertificateStatusChanges>();
            var certificate = await changes.ApplyAsync(parsed.Value, change, reason is null ? null : context.Value(reason),
                details is null ? null : context.Value(details), Actor.System, null, CancellationToken.None);
            if (certificate is null)
            {
                await context.Error.WriteLineAsync($"{command.Name}: no certificate with the serial {parsed.Value}.");
                return 1;
            }

            await context.Out.WriteLineAsync($"{certificate.Serial} ({certificate.HolderName}, {certificate.ProductName}) is now {certificate.Status}.");
            return 0;
        }));
        return command;
    }

    private static void CheckSerial(System.CommandLine.Parsing.OptionResult result)
    {
        var text = result.GetValueOrDefault<string>();
        if (text is not null && !SealVerifier.Serial.TryParse(text, out _))
        {
            result.AddError($"'{text}' is not a valid seal serial.");
        }
    }
}

public sealed class SuspendCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build() => CertificateStatusCommands.Create(runner, StatusChange.Suspend, "Suspend an active certificate; the verifier shows it as suspended at once.");
}

public sealed class ReinstateCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build() => CertificateStatusCommands.Create(runner, StatusChange.Reinstate, "Reinstate a suspended certificate.");
}

public sealed class RevokeCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build() => CertificateStatusCommands.Create(runner, StatusChange.Revoke, "Revoke a certificate for good; the verifier shows it as revoked at once.");
}
