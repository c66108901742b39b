using System.CommandLine;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SealService.Cli;

/// <summary>
/// An admin command a feature contributes: its System.CommandLine syntax (name, description, options, subcommands) with an
/// action built by <see cref="AdminCommandRunner"/>. Register it with <see cref="AdminCommandRegistration.AddAdminCommand{T}"/>
/// in the feature's registration; the command line collects every registered command.
/// </summary>
public interface IAdminCommand
{
    /// <summary>The top-level command this one belongs under (e.g. "keys" for a new key action), or null for a top-level command.</summary>
    string? Parent => null;

    Command Build();
}

public static class AdminCommandRegistration
{
    public static IServiceCollection AddAdminCommand<TCommand>(this IServiceCollection services)
        where TCommand : class, IAdminCommand
    {
        services.TryAddSingleton<AdminConsole>();
        services.TryAddSingleton<AdminCommandRunner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAdminCommand, TCommand>());
        return services;
    }
}

/// <summary>Where commands write: the real console, or the writers a test passes to <see cref="AdminCommandLine.RunAsync"/>.</summary>
public sealed class AdminConsole
{
    public TextWriter Out { get; set; } = Console.Out;

    public TextWriter Error { get; set; } = Console.Error;
}

/// <summary>A usage mistake found after parsing (e.g. an unknown key id format): printed with a pointer to --help, exit code 2.</summary>
public sealed class CommandUsageException(string message) : Exception(message)
{
}
