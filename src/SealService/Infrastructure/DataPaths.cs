namespace SealService.Infrastructure;

/// <summary>Resolved folders inside the configured data directory.</summary>
public sealed class DataPaths
{
    public DataPaths(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        Root = ResolveRoot(options.Value, environment);
        Evidence = Path.Combine(Root, "evidence");
        MailPickup = Path.Combine(Root, "mail");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Evidence);
        Directory.CreateDirectory(MailPickup);
    }

    public string Root { get; }
    public string Evidence { get; }
    public string MailPickup { get; }
    public string SqliteDatabase => Path.Combine(Root, SqliteFileName);

    public const string SqliteFileName = "sealservice.db";

    /// <summary>The data folder without creating anything (commands that must not leave folders behind, e.g. on the key ceremony machine).</summary>
    public static string ResolveRoot(StorageOptions options, IHostEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        var configured = options.DataDirectory;
        return Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(environment.ContentRootPath, configured));
    }
}
