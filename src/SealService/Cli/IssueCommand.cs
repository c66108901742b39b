using SealService.Domain;
using SealService.Issuance;

namespace SealService.Cli;

/// <summary>issue: re-runs the issuance of an approved application whose certificate was never stored (e.g. the signer failed after the approval).</summary>
public static class IssueCommand
{
    public static void Register() =>
        AdminCommandLine.Register(new AdminCommand("issue", "--application ID",
            "Issue the certificate of an approved application whose issuance failed; does nothing if it is already issued.", RunAsync));

    private static async Task<int> RunAsync(CommandContext context)
    {
        var input = context.Args.Required("application");
        if (!Guid.TryParse(input, out var applicationId))
        {
            throw new CommandUsageException($"'{input}' is not an application id.");
        }

        var certificate = await context.Services.GetRequiredService<CertificateIssuance>().IssueAsync(applicationId, Actor.System, CancellationToken.None);
        await context.Out.WriteLineAsync($"Application {applicationId} has the certificate {certificate.Serial} ({certificate.HolderName}, {certificate.ProductName}), valid until {certificate.ValidUntil:yyyy-MM-dd}.");
        return 0;
    }
}
