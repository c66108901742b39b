namespace SealService.Data;

/// <summary>The stored copy of one catalog version, so an application's catalog survives later file changes.</summary>
public sealed class CatalogVersionRecord
{
    public string Key { get; set; } = "";
    public string ProgramId { get; set; } = "";
    public string Version { get; set; } = "";
    public string Status { get; set; } = "";
    public string Digest { get; set; } = "";
    public string Content { get; set; } = "";
    public DateTimeOffset FirstSeenAt { get; set; }
}
