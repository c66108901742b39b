using System.CommandLine;
using System.CommandLine.Help;

namespace SealService.Cli;

/// <summary>
/// Admin commands on the same executable: <c>dotnet SealService.dll &lt;command&gt;</c> (or <c>dotnet run --project src/SealService --
/// &lt;command&gt;</c> in development), parsed with System.CommandLine. Every command gets the same configuration and services as
/// the web app; configuration comes as <c>--Section:Key=value</c> and <c>--environment NAME</c> anywhere on the line. Features
/// contribute their commands through DI (<see cref="IAdminCommand"/>). Exit codes: 0 done, 1 failed, 2 usage error.
/// </summary>
public static class AdminCommandLine
{
    private static readonly string[] HostOptions = ["--environment", "--contentRoot", "--applicationName"];

    public static bool IsCommand(string[] args) =>
        args.Length > 0 && !args[0].StartsWith("--urls", StringComparison.Ordinal) && !args[0].Contains('=', StringComparison.Ordinal)
        && (args[0] is "--help" or "-h" or "-?" or "help" || !args[0].StartsWith('-'));

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var (commandArgs, hostArgs) = Split(args);
        WebApplication app;
        try
        {
            var builder = WebApplication.CreateBuilder(LaunchEnvironment.Options(hostArgs));
            builder.Configuration["Logging:LogLevel:Default"] = "Warning";
            builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore.HttpLogging.HttpLoggingMiddleware"] = "Warning";
            builder.AddSealService();
            builder.Services.AddAdminCommandLine();
            configure?.Invoke(builder);
            app = builder.Build();
        }
        catch (Exception ex)
        {
            // A broken configuration (e.g. an unknown Storage:Provider) is the operator's to fix, whichever command was asked for.
            await stderr.WriteLineAsync($"SealService cannot run: {AdminCommandRunner.Describe(ex)}");
            return 1;
        }

        await using (app)
        {
            var console = app.Services.GetRequiredService<AdminConsole>();
            console.Out = stdout;
            console.Error = stderr;
            var root = BuildRoot(app.Services.GetServices<IAdminCommand>());
            if (commandArgs.Length > 0 && commandArgs[0] == "help")
            {
                commandArgs[0] = "--help";
            }

            if (commandArgs.Length > 0 && !commandArgs[0].StartsWith('-') && root.Subcommands.All(c => c.Name != commandArgs[0]))
            {
                await stderr.WriteLineAsync($"Unknown command '{commandArgs[0]}'. Run with --help to see the commands.");
                return 2;
            }

            // No response files: a password or a note starting with '@' is text, not a file to read arguments from.
            var parse = root.Parse(commandArgs, new ParserConfiguration { ResponseFileTokenReplacer = null });
            var invocation = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            if (parse.Errors.Count > 0 && parse.Action is not HelpAction)
            {
                foreach (var error in parse.Errors)
                {
                    await stderr.WriteLineAsync($"{parse.CommandResult.Command.Name}: {error.Message}");
                }

                await stderr.WriteLineAsync();
                var help = parse.CommandResult.Command.Parse(["--help"]);
                await help.InvokeAsync(new InvocationConfiguration { Output = stderr, Error = stderr });
                return 2;
            }

            return await parse.InvokeAsync(invocation);
        }
    }

    /// <summary>Registers the commands that belong to no single feature: database, demo data, audit log, backup.</summary>
    public static IServiceCollection AddAdminCommandLine(this IServiceCollection services)
    {
        services.AddAdminCommand<MigrateCommand>();
        services.AddAdminCommand<SeedSampleDataCommand>();
        services.AddAdminCommand<VerifyAuditLogCommand>();
        services.AddAdminCommand<BackupCommand>();
        services.AddAdminCommand<RestoreCommand>();
        return services;
    }

    private static RootCommand BuildRoot(IEnumerable<IAdminCommand> commands)
    {
        var root = new RootCommand(
            "SealService admin commands. Without a command the web service starts. Configuration can be given on any command as "
            + "--Section:Key=value (e.g. --Storage:DataDirectory=/var/lib/sealservice) and --environment NAME.");
        var all = commands.ToList();
        foreach (var command in all.Where(c => c.Parent is null))
        {
            root.Subcommands.Add(command.Build());
        }

        foreach (var child in all.Where(c => c.Parent is not null))
        {
            var parent = root.Subcommands.FirstOrDefault(c => c.Name == child.Parent)
                ?? throw new InvalidOperationException($"Admin command parent '{child.Parent}' is not registered.");
            parent.Subcommands.Add(child.Build());
        }

        return root;
    }

    /// <summary>Configuration and host settings go to the host builder; everything else is the command's, and unknown options there are errors.</summary>
    private static (string[] Command, string[] Host) Split(string[] args)
    {
        var command = new List<string>();
        var host = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var name = arg.Split('=', 2)[0];
            var isHost = arg.StartsWith("--", StringComparison.Ordinal)
                && (name.Contains(':', StringComparison.Ordinal) || HostOptions.Contains(name, StringComparer.OrdinalIgnoreCase));
            if (!isHost)
            {
                command.Add(arg);
                continue;
            }

            host.Add(arg);
            if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
            {
                host.Add(args[++i]);
            }
        }

        return (command.ToArray(), host.ToArray());
    }
}
