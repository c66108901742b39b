using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure;

namespace SealService.Cli;

/// <summary>
/// Admin commands on the same executable: <c>dotnet run --project src/SealService -- &lt;command&gt;</c>.
/// Each command gets the same configuration and services as the web app. Exit codes: 0 done, 1 failed, 2 usage error.
/// </summary>
public static class AdminCommandLine
{
    private static readonly IReadOnlyList<AdminCommand> BuiltIn =
    [
        new("migrate", "", "Create or upgrade the database and store the seal program catalogs.", MigrateAsync),
        new("create-user", "--email E --password P --role Applicant|Auditor|Certifier|Admin [--name N] [--organization ORG-ID]", "Create a confirmed user account.", CreateUserAsync),
        new("seed-demo", "", "Create the demo organizations, users and applications (refused in Production; safe to run twice).", SeedDemoAsync),
        new("verify-audit-log", "[--expect-head SEQUENCE:HASH]", "Check the hash chain of the audit log; reports the first broken entry and prints the head to write down. With --expect-head, also checks that a head recorded earlier is still there (catches deleted newest entries).", VerifyAuditLogAsync),
    ];

    private static readonly List<AdminCommand> Extensions = [];

    /// <summary>Feature folders add their commands (keys, revoke, ...) here from a static registration.</summary>
    public static IReadOnlyList<AdminCommand> Commands => [.. BuiltIn, .. Extensions];

    public static void Register(AdminCommand command) => Extensions.Add(command);

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && !args[0].StartsWith("--urls", StringComparison.Ordinal) && !args[0].Contains('=', StringComparison.Ordinal)
        && (args[0] is "--help" or "-h" or "help" || !args[0].StartsWith('-'));

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        FeatureCommands.EnsureRegistered();
        if (args[0] is "--help" or "-h" or "help")
        {
            PrintHelp(stdout);
            return 0;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command is null)
        {
            await stderr.WriteLineAsync($"Unknown command '{args[0]}'. Run with --help to see the commands.");
            return 2;
        }

        CommandArguments parsed;
        try
        {
            parsed = CommandArguments.Parse(args.Skip(1).ToArray());
        }
        catch (ArgumentException ex)
        {
            await stderr.WriteLineAsync($"{command.Name}: {ex.Message}");
            await stderr.WriteLineAsync($"Usage: {command.Name} {command.Usage}");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = parsed.HostArgs });
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning";
        builder.AddSealService();
        configure?.Invoke(builder);
        await using var app = builder.Build();
        using var scope = app.Services.CreateScope();
        try
        {
            if (command.Name != "migrate")
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().MigrateAsync();
            }

            return await command.Run(new CommandContext(scope.ServiceProvider, parsed, stdout, stderr, app.Environment));
        }
        catch (CommandUsageException ex)
        {
            await stderr.WriteLineAsync($"{command.Name}: {ex.Message}");
            await stderr.WriteLineAsync($"Usage: {command.Name} {command.Usage}");
            return 2;
        }
        catch (DomainRuleViolation ex)
        {
            await stderr.WriteLineAsync($"{command.Name}: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException or DbUpdateException or System.Security.Cryptography.CryptographicException)
        {
            await stderr.WriteLineAsync($"{command.Name} failed: {ex.Message}");
            return 1;
        }
    }

    private static void PrintHelp(TextWriter stdout)
    {
        stdout.WriteLine("SealService admin commands");
        stdout.WriteLine("Usage: dotnet run --project src/SealService -- <command> [options]");
        stdout.WriteLine("Without a command the web service starts.");
        stdout.WriteLine();
        foreach (var command in Commands)
        {
            stdout.WriteLine($"  {command.Name} {command.Usage}");
            stdout.WriteLine($"      {command.Description}");
        }
    }

    private static async Task<int> MigrateAsync(CommandContext context)
    {
        await context.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync();
        await context.Out.WriteLineAsync("Database is up to date.");
        return 0;
    }

    private static async Task<int> CreateUserAsync(CommandContext context)
    {
        var email = context.Args.Required("email");
        var password = context.Args.Required("password");
        var role = context.Args.Required("role");
        if (!Roles.IsKnown(role))
        {
            throw new CommandUsageException($"Unknown role '{role}'. Use one of: {string.Join(", ", Roles.All)}.");
        }

        Guid? organizationId = null;
        if (context.Args.Optional("organization") is { } org)
        {
            if (!Guid.TryParse(org, out var parsedOrg))
            {
                throw new CommandUsageException("--organization takes the organization's id (a GUID).");
            }

            var db = context.Services.GetRequiredService<AppDbContext>();
            if (!await db.Organizations.AnyAsync(o => o.Id == parsedOrg))
            {
                await context.Error.WriteLineAsync($"create-user: no organization with id {parsedOrg}.");
                return 1;
            }

            organizationId = parsedOrg;
        }

        if (role == Roles.Applicant && organizationId is null)
        {
            await context.Out.WriteLineAsync("Note: the applicant has no organization yet and will be asked to create one after signing in.");
        }

        var users = context.Services.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser
        {
            UserName = email,
            Email = email,
            EmailConfirmed = true,
            DisplayName = context.Args.Optional("name") ?? email,
            OrganizationId = organizationId,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            await context.Error.WriteLineAsync($"create-user: {string.Join(" ", result.Errors.Select(e => e.Description))}");
            return 1;
        }

        await users.AddToRoleAsync(user, role);
        var audit = context.Services.GetRequiredService<AuditTrail>();
        audit.Record(Actor.System, "user.created", "User", user.Id, after: new { email, role, organizationId });
        await context.Services.GetRequiredService<AppDbContext>().SaveChangesAsync();
        await context.Out.WriteLineAsync($"Created {role} {email} ({user.Id}).");
        return 0;
    }

    private static async Task<int> SeedDemoAsync(CommandContext context)
    {
        if (context.Environment.IsProduction())
        {
            await context.Error.WriteLineAsync("seed-demo: refused in Production. Demo accounts have a published password.");
            return 1;
        }

        var report = await context.Services.GetRequiredService<DemoSeeder>().SeedAsync();
        await context.Out.WriteLineAsync(report.Created ? "Demo data created." : "Demo data already present; nothing changed.");
        await context.Out.WriteLineAsync($"Demo logins (password: {DemoSeeder.DemoPassword}):");
        foreach (var login in report.Logins)
        {
            await context.Out.WriteLineAsync($"  {login}");
        }

        return 0;
    }

    private static async Task<int> VerifyAuditLogAsync(CommandContext context)
    {
        var db = context.Services.GetRequiredService<AppDbContext>();
        var entries = db.AuditLog.AsNoTracking().OrderBy(e => e.Sequence).AsAsyncEnumerable();
        var list = new List<AuditLogEntry>();
        await foreach (var entry in entries)
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
        if (context.Args.Optional("expect-head") is { } expected)
        {
            var parts = expected.Split(':', 2);
            if (parts.Length != 2 || !long.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var sequence))
            {
                throw new CommandUsageException("--expect-head takes SEQUENCE:HASH as printed by an earlier run.");
            }

            var recorded = list.FirstOrDefault(e => e.Sequence == sequence);
            if (recorded is null || !string.Equals(recorded.Hash, parts[1], StringComparison.OrdinalIgnoreCase))
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
    }
}

public sealed record AdminCommand(string Name, string Usage, string Description, Func<CommandContext, Task<int>> Run);

public sealed record CommandContext(IServiceProvider Services, CommandArguments Args, TextWriter Out, TextWriter Error, IHostEnvironment Environment);

/// <summary>A usage mistake: the command prints it with the usage line and exits with 2.</summary>
public sealed class CommandUsageException(string message) : Exception(message)
{
}
