using System.Globalization;
using Microsoft.Extensions.Options;
using SealService.Domain;
using SealService.Infrastructure;
using SealService.Issuance;
using SealService.TransparencyLog;

namespace SealService.Cli;

/// <summary>
/// Key ceremony commands (keys/README.md): <c>keys init</c>, <c>keys rotate</c>, <c>keys list</c>,
/// <c>keys compromised --key-id K --since T</c>. Each change also writes the root-signed <c>trust-list.json</c>.
/// </summary>
public static class KeyCommands
{
    public static void Register() =>
        AdminCommandLine.Register(new AdminCommand(
            "keys",
            "init | rotate | list | compromised --key-id K --since 2026-01-31T12:00:00Z | log-init   [--Keys:Directory=DIR]",
            "Create the root and first issuing key, rotate the issuing key, list keys, or mark a key compromised from a point in time.",
            RunAsync));

    private static async Task<int> RunAsync(CommandContext context)
    {
        var action = (context.Args.Positional.Count > 0 ? context.Args.Positional[0] : null)
            ?? throw new CommandUsageException("Say what to do: init, rotate, list or compromised.");
        var location = context.Services.GetRequiredService<KeyStoreLocation>();
        var store = location.Store;
        var time = context.Services.GetRequiredService<TimeProvider>();
        var audit = context.Services.GetRequiredService<AuditTrail>();
        switch (action)
        {
            case "init":
                {
                    var manifest = store.Initialize(location.Passphrase, context.Services.GetRequiredService<IOptions<SealOptions>>().Value.IssuerName, time.GetUtcNow());
                    WriteTrustList(context, store);
                    audit.Record(Actor.System, "keys.initialized", "KeyStore", manifest.RootFingerprint, after: new { keyId = manifest.ActiveKey?.KeyId });
                    LogKeyEvents(context, manifest.Keys.Select(k => LogEntries.Key(LogEntries.KeyAdded, k.KeyId, k.Created, k.Created)));
                    await SaveAsync(context);
                    await context.Out.WriteLineAsync($"Key store created in {store.Directory}.");
                    await context.Out.WriteLineAsync($"Root fingerprint: {manifest.RootFingerprint}");
                    await context.Out.WriteLineAsync($"Active issuing key: {manifest.ActiveKey?.KeyId}");
                    await context.Out.WriteLineAsync("Back up root.key and root.crt now on two encrypted media, then remove root.key from any online machine (keys/README.md).");
                    return 0;
                }

            case "rotate":
                {
                    var previous = store.ReadManifest().ActiveKey?.KeyId;
                    var created = store.Rotate(location.Passphrase, time.GetUtcNow());
                    WriteTrustList(context, store);
                    audit.Record(Actor.System, "keys.rotated", "KeyStore", created.KeyId, before: new { keyId = previous }, after: new { keyId = created.KeyId, created.NotAfter });
                    LogKeyEvents(context, previous is null
                        ? [LogEntries.Key(LogEntries.KeyAdded, created.KeyId, created.Created, created.Created)]
                        : [LogEntries.Key(LogEntries.KeyRetired, previous, created.Created, created.Created), LogEntries.Key(LogEntries.KeyAdded, created.KeyId, created.Created, created.Created)]);
                    await SaveAsync(context);
                    await context.Out.WriteLineAsync($"New active issuing key {created.KeyId}, valid until {Format(created.NotAfter)}." + (previous is null ? "" : $" Key {previous} is retired and stays in the trust list."));
                    return 0;
                }

            case "list":
                {
                    var manifest = store.ReadManifest();
                    await context.Out.WriteLineAsync($"Key store {store.Directory} (root {manifest.RootFingerprint}, root key {(store.HasRootKey ? "present" : "offline")})");
                    foreach (var key in manifest.Keys)
                    {
                        var since = key.CompromisedSince is { } s ? $" since {Format(s)}" : "";
                        await context.Out.WriteLineAsync($"  {key.KeyId}  {key.State.ToString().ToLowerInvariant()}{since}  created {Format(key.Created)}  valid {Format(key.NotBefore)} .. {Format(key.NotAfter)}");
                    }

                    return 0;
                }

            case "compromised":
                {
                    var keyId = context.Args.Required("key-id").ToLowerInvariant();
                    var sinceText = context.Args.Required("since");
                    if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var since))
                    {
                        throw new CommandUsageException($"--since '{sinceText}' is not a date and time (e.g. 2026-01-31T12:00:00Z).");
                    }

                    var record = store.MarkCompromised(keyId, since);
                    WriteTrustList(context, store);
                    audit.Record(Actor.System, "keys.compromised", "KeyStore", record.KeyId, after: new { record.CompromisedSince });
                    LogKeyEvents(context, [LogEntries.Key(LogEntries.KeyCompromised, record.KeyId, since, time.GetUtcNow())]);
                    await SaveAsync(context);
                    await context.Out.WriteLineAsync($"Key {record.KeyId} is marked compromised since {Format(since)}: its signatures from then on are void.");
                    await context.Out.WriteLineAsync("Next: publish the new trust-list.json, revoke and re-issue the certificates signed with this key since that time (keys/README.md).");
                    return 0;
                }

            case "log-init":
                {
                    var logKey = context.Services.GetRequiredService<LogSigningKey>();
                    var verifier = logKey.Create();
                    await context.Out.WriteLineAsync($"Transparency log key created in {logKey.KeyFile}.");
                    await context.Out.WriteLineAsync($"Log verifier key (publish it; monitors pin it): {verifier}");
                    return 0;
                }

            default:
                throw new CommandUsageException($"Unknown keys action '{action}'.");
        }
    }

    private static void WriteTrustList(CommandContext context, FileKeyStore store)
    {
        var seal = context.Services.GetRequiredService<IOptions<SealOptions>>().Value;
        var urls = context.Services.GetRequiredService<PublicUrls>();
        var list = TrustListPublisher.Build(store, seal.IssuerName, urls.BaseUrl, context.Services.GetRequiredService<TimeProvider>().GetUtcNow());
        TrustListPublisher.WriteSignedFile(store, context.Services.GetRequiredService<ISealSigner>(), list);
    }

    /// <summary>Key events go into the public transparency log in the same SaveChanges as their audit entry.</summary>
    private static void LogKeyEvents(CommandContext context, IEnumerable<TransparencyLogRecord> records) =>
        context.Services.GetRequiredService<SealService.Data.AppDbContext>().TransparencyLog.AddRange(records);

    private static Task<int> SaveAsync(CommandContext context) =>
        context.Services.GetRequiredService<SealService.Data.AppDbContext>().SaveChangesAsync();

    private static string Format(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
