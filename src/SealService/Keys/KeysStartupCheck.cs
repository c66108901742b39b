namespace SealService.Keys;

/// <summary>
/// Production refuses to start without a configured key folder, passphrase and existing keys (and a public base URL for the
/// QR codes), and with anything that marks throwaway keys: a seal service that would sign with development keys, or not at
/// all, must not come up. Checked by the web host only, so the key ceremony commands can create the store in the first place.
/// </summary>
public sealed class KeysStartupCheck(IHostEnvironment environment, IOptions<KeysOptions> keys, IOptions<SealOptions> seal,
    IConfiguration configuration, IOptions<AuditOptions> audit) : IStartupCheck
{
    public string Summary
    {
        get
        {
            var options = keys.Value;
            if (string.IsNullOrWhiteSpace(options.Directory))
            {
                return "keys: none configured";
            }

            var store = new FileKeyStore(KeyStoreLocation.Resolve(options.Directory, environment));
            var kind = KeyStoreLocation.IsDevelopment(options, store) ? "DEVELOPMENT key store (published passphrase; its seals prove nothing)" : "configured key store";
            var active = store.IsInitialized ? store.ReadManifest().ActiveKey?.KeyId : null;
            return $"keys: {kind} {store.Directory}" + (active is null ? " (no keys yet)" : $" (active key {active})");
        }
    }

    public IEnumerable<string> Problems()
    {
        if (!environment.IsProduction())
        {
            yield break;
        }

        var options = keys.Value;
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            yield return "Keys:Directory is not configured";
        }

        if (string.IsNullOrWhiteSpace(options.Passphrase))
        {
            yield return "Keys:Passphrase is not configured (environment variable Keys__Passphrase)";
        }
        else if (options.Passphrase == FileSealSigner.DevelopmentPassphrase)
        {
            yield return "Keys:Passphrase is the published development passphrase";
        }

        if (options.CreateIfMissing)
        {
            yield return "Keys:CreateIfMissing must be false in Production";
        }

        if (!string.IsNullOrWhiteSpace(options.Directory))
        {
            var store = new FileKeyStore(KeyStoreLocation.Resolve(options.Directory, environment));
            if (!store.IsInitialized)
            {
                yield return $"no key store in {store.Directory} (run 'keys init' at the key ceremony and copy the issuing key, keystore.json and root.crt)";
            }
            else
            {
                var manifest = store.ReadManifest();
                if (manifest.Development)
                {
                    yield return $"the key store in {store.Directory} holds throwaway development keys";
                }
                else if (manifest.ActiveKey is null)
                {
                    yield return $"the key store in {store.Directory} has no active issuing key (run 'keys rotate')";
                }
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Directory) || !string.IsNullOrWhiteSpace(audit.Value.KeyFile))
        {
            var auditKey = AuditKeyLocation.PathOf(configuration, environment, audit.Value);
            if (!File.Exists(auditKey))
            {
                yield return $"no audit key at {auditKey} (create it once: openssl rand -base64 32 > {auditKey} && chmod 600 {auditKey})";
            }
        }

        if (string.IsNullOrWhiteSpace(seal.Value.PublicBaseUrl))
        {
            yield return "Seal:PublicBaseUrl is not configured (QR codes and verification links need the public address)";
        }
    }
}
