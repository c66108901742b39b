namespace SealService.Cli;

/// <summary>
/// <c>--name value</c> options and positional words after the command. Options the host understands
/// (<c>--environment</c>, <c>--Storage:DataDirectory=...</c>, anything with ':' or '=') are passed on to configuration.
/// </summary>
public sealed class CommandArguments
{
    private readonly Dictionary<string, string> _options;

    private CommandArguments(Dictionary<string, string> options, IReadOnlyList<string> positional, string[] hostArgs)
    {
        _options = options;
        Positional = positional;
        HostArgs = hostArgs;
    }

    public IReadOnlyList<string> Positional { get; }

    public string[] HostArgs { get; }

    public static CommandArguments Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var positional = new List<string>();
        var hostArgs = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && (arg.Contains(':', StringComparison.Ordinal) || arg.Contains('=', StringComparison.Ordinal) || arg is "--environment"))
            {
                hostArgs.Add(arg);
                if (!arg.Contains('=', StringComparison.Ordinal) && i + 1 < args.Length)
                {
                    hostArgs.Add(args[++i]);
                }
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var name = arg[2..];
                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    options[name] = "true";
                }
                else
                {
                    options[name] = args[++i];
                }
            }
            else
            {
                positional.Add(arg);
            }
        }

        return new CommandArguments(options, positional, hostArgs.ToArray());
    }

    public string Required(string name) =>
        _options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) && value != "true"
            ? value
            : throw new CommandUsageException($"--{name} is required.");

    public string? Optional(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _options.TryGetValue(name, out var value) && value == "true";
}
