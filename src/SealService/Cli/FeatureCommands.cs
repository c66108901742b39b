namespace SealService.Cli;

/// <summary>Registers the admin commands that feature folders contribute (keys, suspend, revoke, ...), once.</summary>
public static class FeatureCommands
{
    private static int _registered;

    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        CertificateStatusCommands.Register();
        KeyCommands.Register();
        IssueCommand.Register();
        AnchorAuditLogCommand.Register();
    }
}
