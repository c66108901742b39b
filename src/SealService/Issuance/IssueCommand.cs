using System.CommandLine;
using SealService.Cli;

namespace SealService.Issuance;

/// <summary>issue: re-runs the issuance of an approved application whose certificate was never stored (e.g. the signer failed after the approval).</summary>
public sealed class IssueCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var application = new Option<Guid>("--application")
        {
            Description = "The approved application's id.",
            Required = true,
            HelpName = "ID",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (Guid.TryParse(text, out var id))
                {
                    return id;
                }

                result.AddError($"'{text}' is not an application id.");
                return Guid.Empty;
            },
        };
        var command = new Command("issue", "Issue the certificate of an approved application whose issuance failed; does nothing if it is already issued.") { application };
        command.SetAction(runner.Action(command.Name, DatabaseUse.CurrentSchema, async context =>
        {
            var applicationId = context.Value(application);
            var certificate = await context.Services.GetRequiredService<CertificateIssuance>().IssueAsync(applicationId, Actor.System, CancellationToken.None);
            await context.Out.WriteLineAsync($"Application {applicationId} has the certificate {certificate.Serial} ({certificate.HolderName}, {certificate.ProductName}), valid until {certificate.ValidUntil:yyyy-MM-dd}.");
            return 0;
        }));
        return command;
    }
}
