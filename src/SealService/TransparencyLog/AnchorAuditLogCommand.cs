using System.CommandLine;
using SealService.Cli;

namespace SealService.TransparencyLog;

/// <summary>anchor-audit-log: commits the audit chain head to the public transparency log now (the service does it hourly).</summary>
public sealed class AnchorAuditLogCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var command = new Command("anchor-audit-log", "Commit the head of the audit chain to the public transparency log now (the running service does this every hour).");
        command.SetAction(runner.Action(command.Name, DatabaseUse.CurrentSchema, async context =>
        {
            var index = await context.Services.GetRequiredService<AuditAnchoring>().AnchorAsync(CancellationToken.None);
            await context.Out.WriteLineAsync(index is { } i
                ? $"The audit chain head is anchored in the transparency log as entry #{i}."
                : "Nothing to anchor: the audit chain is empty or its head is already the last anchored one.");
            return 0;
        }));
        return command;
    }
}
