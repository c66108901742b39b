using Microsoft.Extensions.Options;

namespace SealService.Infrastructure;

/// <summary>Resolved folders inside the configured data directory.</summary>
public sealed class DataPaths
{
    public DataPaths(IOptions<StorageOptions> options, IHostEnvironment environment)
    {
        var configured = options.Value.DataDirectory;
        Root = Path.GetFullPath(Path.IsPathRooted(configured) ? configured : Path.Combine(environment.ContentRootPath, configured));
        Evidence = Path.Combine(Root, "evidence");
        MailPickup = Path.Combine(Root, "mail");
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Evidence);
        Directory.CreateDirectory(MailPickup);
    }

    public string Root { get; }
    public string Evidence { get; }
    public string MailPickup { get; }
    public string SqliteDatabase => Path.Combine(Root, "sealservice.db");
}
