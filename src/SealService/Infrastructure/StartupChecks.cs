namespace SealService.Infrastructure;

/// <summary>
/// A start-up condition a feature contributes (keys, mail, ...): what the operator must fix before the service may start in
/// this environment, and one short fact for the start-up line. Checked before the database is touched.
/// </summary>
public interface IStartupCheck
{
    /// <summary>A few words for the start-up log line, e.g. "keys: configured key store /srv/keys".</summary>
    string Summary { get; }

    /// <summary>Each problem as one sentence naming the setting to fix; empty when the service may start.</summary>
    IEnumerable<string> Problems();
}

/// <summary>
/// The service or an admin command refuses to run because of how it is configured or deployed. Program and the command line
/// print only the message (no stack trace) and exit non-zero: it is an operator's mistake, not a bug.
/// </summary>
public sealed class StartupRefusedException(string message) : Exception(message)
{
}
