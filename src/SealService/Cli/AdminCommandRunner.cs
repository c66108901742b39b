using System.CommandLine;
using System.Security.Cryptography;

namespace SealService.Cli;

/// <summary>What a command needs from the database before it runs.</summary>
public enum DatabaseUse
{
    /// <summary>Works without the service's database (key ceremony, restore).</summary>
    None,

    /// <summary>Needs the current schema. Production only checks and refuses when it is behind; other environments migrate.</summary>
    CurrentSchema,

    /// <summary>The command migrates itself (<c>migrate</c>).</summary>
    Migrates,
}

/// <summary>Everything a running command gets: its own DI scope, its parsed options and the output writers.</summary>
public sealed class AdminCommandContext(IServiceProvider services, ParseResult parse, AdminConsole console, IHostEnvironment environment)
{
    public IServiceProvider Services => services;

    public TextWriter Out => console.Out;

    public TextWriter Error => console.Error;

    public IHostEnvironment Environment => environment;

    public T Value<T>(Option<T> option) => parse.GetValue(option)!;

    public T Value<T>(Argument<T> argument) => parse.GetValue(argument)!;

    /// <summary>
    /// Records an audit entry when this machine holds the service's current database; on the offline key ceremony machine there
    /// is none, and the command says so instead of creating one.
    /// </summary>
    public async Task<bool> TryAuditAsync(Action<AuditTrail> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var storage = services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (string.Equals(storage.Provider, "Sqlite", StringComparison.OrdinalIgnoreCase)
            && !File.Exists(Path.Combine(DataPaths.ResolveRoot(storage, environment), DataPaths.SqliteFileName)))
        {
            return false;
        }

        var db = services.GetRequiredService<AppDbContext>();
        if ((await db.Database.GetPendingMigrationsAsync()).Any())
        {
            return false;
        }

        record(services.GetRequiredService<AuditTrail>());
        await db.SaveChangesAsync();
        return true;
    }
}

/// <summary>
/// Turns a command body into a System.CommandLine action: a fresh scope, the database rule of <see cref="DatabaseUse"/>, and
/// operator errors as one line on stderr with exit code 1 (2 for usage), never a stack trace.
/// </summary>
public sealed class AdminCommandRunner(IServiceScopeFactory scopes, IHostEnvironment environment, AdminConsole console)
{
    public Func<ParseResult, CancellationToken, Task<int>> Action(string name, DatabaseUse database, Func<AdminCommandContext, Task<int>> body) =>
        async (parse, ct) =>
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var services = scope.ServiceProvider;
                if (database == DatabaseUse.CurrentSchema)
                {
                    var initializer = services.GetRequiredService<DatabaseInitializer>();
                    if (environment.IsProduction())
                    {
                        await initializer.EnsureSchemaCurrentAsync(ct);
                    }
                    else
                    {
                        await initializer.MigrateAsync(ct);
                    }
                }

                return await body(new AdminCommandContext(services, parse, console, environment));
            }
            catch (CommandUsageException ex)
            {
                await console.Error.WriteLineAsync($"{name}: {ex.Message}");
                await console.Error.WriteLineAsync($"Run '{name} --help' for its options.");
                return 2;
            }
            catch (DomainRuleViolation ex)
            {
                await console.Error.WriteLineAsync($"{name}: {ex.Message}");
                return 1;
            }
            catch (Exception ex)
            {
                await console.Error.WriteLineAsync($"{name} failed: {Describe(ex)}");
                return 1;
            }
        };

    /// <summary>The operator's view of a failure: the message of a known kind, the type as well for anything unexpected.</summary>
    public static string Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join("; ", invalid.Failures),
        DbUpdateException { InnerException: { } inner } => inner.Message,
        StartupRefusedException or InvalidOperationException or IOException or UnauthorizedAccessException or DbUpdateException
            or CryptographicException or System.Data.Common.DbException or ArgumentException => exception.Message,
        _ => $"{exception.GetType().Name}: {exception.Message}",
    };
}
