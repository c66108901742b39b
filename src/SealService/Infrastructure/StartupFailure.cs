namespace SealService.Infrastructure;

/// <summary>Tells an operator's configuration mistake at start-up from a bug, and words it for the console.</summary>
public static class StartupFailure
{
    /// <summary>True when SealService is the process's entry point, not hosted by a test runner.</summary>
    public static bool IsOwnProcess => System.Reflection.Assembly.GetEntryAssembly() == typeof(StartupFailure).Assembly;

    public static bool IsOperatorError(Exception exception) =>
        exception is StartupRefusedException or OptionsValidationException
        || (exception is InvalidOperationException && exception.Message.Contains("Storage:", StringComparison.Ordinal));

    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            OptionsValidationException invalid => "SealService refuses to start: " + string.Join("; ", invalid.Failures),
            _ => exception.Message,
        };
    }
}
