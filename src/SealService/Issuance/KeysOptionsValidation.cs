using Microsoft.Extensions.Options;
using SealService.Data;
using SealService.Infrastructure;

namespace SealService.Issuance;

/// <summary>
/// Production refuses to start without a configured key folder, passphrase and existing keys (and a public base URL for the
/// QR codes): a seal service that would sign with throwaway keys, or not at all, must not come up.
/// </summary>
public sealed class KeysOptionsValidation(IHostEnvironment environment, IOptions<SealOptions> seal, IConfiguration configuration, IOptions<AuditOptions> audit) : IValidateOptions<KeysOptions>
{
    public ValidateOptionsResult Validate(string? name, KeysOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!environment.IsProduction())
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            problems.Add("Keys:Directory is not configured");
        }

        if (string.IsNullOrWhiteSpace(options.Passphrase))
        {
            problems.Add("Keys:Passphrase is not configured (environment variable Keys__Passphrase)");
        }

        if (options.CreateIfMissing)
        {
            problems.Add("Keys:CreateIfMissing must be false in Production");
        }

        if (!string.IsNullOrWhiteSpace(options.Directory))
        {
            var directory = Path.IsPathRooted(options.Directory) ? options.Directory : Path.Combine(environment.ContentRootPath, options.Directory);
            var store = new FileKeyStore(directory);
            if (!store.IsInitialized)
            {
                problems.Add($"no key store in {store.Directory} (run 'keys init' at the key ceremony and copy the issuing key, keystore.json and root.crt)");
            }
            else if (store.ReadManifest().ActiveKey is null)
            {
                problems.Add($"the key store in {store.Directory} has no active issuing key (run 'keys rotate')");
            }
        }

        if (!string.IsNullOrWhiteSpace(options.Directory) || !string.IsNullOrWhiteSpace(audit.Value.KeyFile))
        {
            var auditKey = AuditKeyLocation.PathOf(configuration, environment, audit.Value);
            if (!File.Exists(auditKey))
            {
                problems.Add($"no audit key at {auditKey} (create it once: openssl rand -base64 32 > {auditKey} && chmod 600 {auditKey})");
            }
        }

        if (string.IsNullOrWhiteSpace(seal.Value.PublicBaseUrl))
        {
            problems.Add("Seal:PublicBaseUrl is not configured (QR codes and verification links need the public address)");
        }

        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail("SealService refuses to start in Production without its signing keys: " + string.Join("; ", problems) + ". See keys/README.md.");
    }
}
