using System.CommandLine;

namespace SealService.Cli;

/// <summary>migrate: the only command that changes the schema in Production.</summary>
public sealed class MigrateCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var command = new Command("migrate", "Create or upgrade the database and store the seal program catalogs. In Production the only way to change the schema: stop the service, back up, migrate, start.");
        command.SetAction(runner.Action(command.Name, DatabaseUse.Migrates, async context =>
        {
            await context.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            await context.Out.WriteLineAsync("Database is up to date.");
            return 0;
        }));
        return command;
    }
}

/// <summary>verify-audit-log: checks the hash chain; with a head recorded earlier it also notices cut-off newest entries.</summary>
public sealed class VerifyAuditLogCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var expectHead = new Option<string?>("--expect-head")
        {
            Description = "A head SEQUENCE:HASH printed by an earlier run; it must still be in the log with the same hash.",
            HelpName = "SEQUENCE:HASH",
        };
        expectHead.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && ParseHead(value) is null)
            {
                result.AddError("--expect-head takes SEQUENCE:HASH as printed by an earlier run.");
            }
        });
        var command = new Command("verify-audit-log", "Check the hash chain of the audit log; reports the first broken entry and prints the head to write down.") { expectHead };
        command.SetAction(runner.Action(command.Name, DatabaseUse.CurrentSchema, async context =>
        {
            var db = context.Services.GetRequiredService<AppDbContext>();
            var list = new List<AuditLogEntry>();
            await foreach (var entry in db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable())
            {
                list.Add(entry);
            }

            var broken = AuditChain.Verify(list, context.Services.GetRequiredService<AuditChainKey>());
            if (broken is not null)
            {
                await context.Error.WriteLineAsync($"Audit log broken at entry {broken.Sequence}: {broken.Problem}.");
                return 1;
            }

            // The chain alone cannot notice that its newest entries were cut off; a head recorded earlier (in a ticket,
            // a report, another system) can: it must still be in the log with the same hash.
            if (context.Value(expectHead) is { } expected && ParseHead(expected) is var (sequence, hash))
            {
                var recorded = list.FirstOrDefault(e => e.Sequence == sequence);
                if (recorded is null || !string.Equals(recorded.Hash, hash, StringComparison.OrdinalIgnoreCase))
                {
                    await context.Error.WriteLineAsync(recorded is null
                        ? $"Audit log truncated: entry {sequence} recorded earlier is missing (the log now ends at {list.LastOrDefault()?.Sequence ?? 0})."
                        : $"Audit log rewritten: entry {sequence} no longer has the recorded hash.");
                    return 1;
                }
            }

            var head = list.LastOrDefault();
            await context.Out.WriteLineAsync($"Audit log intact: {list.Count} entries, chain verified.");
            if (head is not null)
            {
                await context.Out.WriteLineAsync($"Head: {head.Sequence}:{head.Hash} (record it; pass it later as --expect-head to detect cut-off entries)");
            }

            return 0;
        }));
        return command;
    }

    private static (long Sequence, string Hash)? ParseHead(string value)
    {
        var parts = value.Split(':', 2);
        return parts.Length == 2 && parts[1].Length > 0 && long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var sequence)
            ? (sequence, parts[1])
            : null;
    }
}

/// <summary>
/// seed-demo: demo organizations, users and applications, in Development only. The data comes from the demo add-on
/// (<see cref="ISampleData"/>), which only a development host loads; the refusal elsewhere needs no add-on.
/// </summary>
public sealed class SeedSampleDataCommand(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var command = new Command("seed-demo", "Create the demo organizations, users and applications (Development only: the demo accounts have a published password; safe to run twice).");
        command.SetAction(runner.Action(command.Name, DatabaseUse.CurrentSchema, async context =>
        {
            if (!context.Environment.IsDevelopment())
            {
                await context.Error.WriteLineAsync($"seed-demo: refused in {context.Environment.EnvironmentName}. Demo data is for Development only: its accounts have a published password.");
                return 1;
            }

            if (context.Services.GetService<ISampleData>() is not { } sampleData)
            {
                var problem = context.Services.GetRequiredService<DevelopmentAddOnStatus>().WhyNoSampleData;
                await context.Error.WriteLineAsync($"seed-demo: there is no demo data to create: {problem}.");
                return 1;
            }

            var result = await sampleData.CreateAsync();
            await context.Out.WriteLineAsync(result.Created ? "Demo data created." : "Demo data already present; nothing changed.");
            await context.Out.WriteLineAsync($"Demo logins (password: {result.Password}):");
            foreach (var login in result.Logins)
            {
                await context.Out.WriteLineAsync($"  {login}");
            }

            return 0;
        }));
        return command;
    }
}
