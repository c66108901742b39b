using System.CommandLine;
using SealService.Cli;
using SealService.TransparencyLog;

namespace SealService.Keys;

/// <summary>
/// Key ceremony commands (keys/README.md): <c>keys init</c>, <c>keys rotate</c>, <c>keys list</c>,
/// <c>keys compromised --key-id K --since T</c>. Each change also writes the root-signed <c>trust-list.json</c>. They need no
/// service database: the ceremony machine is offline and has none. Where the service's database is present and current, the
/// change is also recorded in its audit log. More <c>keys</c> actions: register an <see cref="IAdminCommand"/> with Parent "keys".
/// </summary>
public sealed class KeyCommands(AdminCommandRunner runner) : IAdminCommand
{
    public Command Build()
    {
        var keys = new Command("keys", "Create the root and first issuing key, rotate the issuing key, list keys, or mark a key compromised (keys/README.md). The folder is Keys:Directory (--Keys:Directory=DIR), the passphrase Keys:Passphrase (environment variable Keys__Passphrase).");
        keys.Subcommands.Add(Init());
        keys.Subcommands.Add(Rotate());
        keys.Subcommands.Add(List());
        keys.Subcommands.Add(Compromised());
        keys.Subcommands.Add(LogInit());
        return keys;
    }

    private Command LogInit()
    {
        var command = new Command("log-init", "Create the transparency log's Ed25519 signing key (once) and print its verifier key for monitors to pin.");
        command.SetAction(runner.Action("keys log-init", DatabaseUse.None, async context =>
        {
            var logKey = context.Services.GetRequiredService<LogSigningKey>();
            var verifier = logKey.Create();
            await context.Out.WriteLineAsync($"Transparency log key created in {logKey.KeyFile}.");
            await context.Out.WriteLineAsync($"Log verifier key (publish it; monitors pin it): {verifier}");
            return 0;
        }));
        return command;
    }

    private Command Init()
    {
        var command = new Command("init", "Create the root and the first issuing key in an empty key folder (the key ceremony). Never overwrites a store.");
        command.SetAction(runner.Action("keys init", DatabaseUse.None, async context =>
        {
            var location = context.Services.GetRequiredService<KeyStoreLocation>();
            var store = location.Store;
            var issuer = context.Services.GetRequiredService<IOptions<SealOptions>>().Value.IssuerName;
            var manifest = store.Initialize(location.Passphrase, issuer, Now(context));
            WriteTrustList(context, store);
            await context.Out.WriteLineAsync($"Key store created in {store.Directory}.");
            await context.Out.WriteLineAsync($"Root fingerprint: {manifest.RootFingerprint}");
            await context.Out.WriteLineAsync($"Active issuing key: {manifest.ActiveKey?.KeyId}");
            // The transparency log key belongs to the same ceremony; an existing one (from keys log-init) is kept.
            // Its name (origin) comes from the public address, so it is made only when that address is given.
            var logKey = context.Services.GetRequiredService<LogSigningKey>();
            var named = !string.IsNullOrWhiteSpace(context.Services.GetRequiredService<IOptions<SealOptions>>().Value.PublicBaseUrl)
                || !string.IsNullOrWhiteSpace(context.Services.GetRequiredService<IOptions<TransparencyLogOptions>>().Value.Origin);
            if (!File.Exists(logKey.KeyFile))
            {
                await context.Out.WriteLineAsync(named
                    ? $"Transparency log key created in {logKey.KeyFile}; its verifier key (publish it): {logKey.Create()}"
                    : "No transparency log key yet (it is named after the public address): run 'keys log-init --Seal:PublicBaseUrl=https://...' before the first start.");
            }
            await AuditAsync(context, audit =>
            {
                audit.Record(Actor.System, "keys.initialized", "KeyStore", manifest.RootFingerprint, after: new { keyId = manifest.ActiveKey?.KeyId });
                LogKeyEvents(context, manifest.Keys.Select(k => LogEntries.Key(LogEntries.KeyAdded, k.KeyId, k.Created, k.Created)));
            });
            await context.Out.WriteLineAsync("Back up root.key and root.crt now on two encrypted media, then remove root.key from any online machine (keys/README.md).");
            return 0;
        }));
        return command;
    }

    private Command Rotate()
    {
        var command = new Command("rotate", "Certify a new issuing key with the root and make it the active one; the previous key is retired and keeps verifying.");
        command.SetAction(runner.Action("keys rotate", DatabaseUse.None, async context =>
        {
            var location = context.Services.GetRequiredService<KeyStoreLocation>();
            var store = location.Store;
            var previous = store.ReadManifest().ActiveKey?.KeyId;
            var created = store.Rotate(location.Passphrase, Now(context));
            WriteTrustList(context, store);
            await context.Out.WriteLineAsync($"New active issuing key {created.KeyId}, valid until {Format(created.NotAfter)}." + (previous is null ? "" : $" Key {previous} is retired and stays in the trust list."));
            await AuditAsync(context, audit =>
            {
                audit.Record(Actor.System, "keys.rotated", "KeyStore", created.KeyId, before: new { keyId = previous }, after: new { keyId = created.KeyId, created.NotAfter });
                LogKeyEvents(context, previous is null
                    ? [LogEntries.Key(LogEntries.KeyAdded, created.KeyId, created.Created, created.Created)]
                    : [LogEntries.Key(LogEntries.KeyRetired, previous, created.Created, created.Created), LogEntries.Key(LogEntries.KeyAdded, created.KeyId, created.Created, created.Created)]);
            });
            return 0;
        }));
        return command;
    }

    private Command List()
    {
        var command = new Command("list", "Show every key and its state.");
        command.SetAction(runner.Action("keys list", DatabaseUse.None, async context =>
        {
            var store = context.Services.GetRequiredService<KeyStoreLocation>().Store;
            var manifest = store.ReadManifest();
            await context.Out.WriteLineAsync($"Key store {store.Directory} (root {manifest.RootFingerprint}, root key {(store.HasRootKey ? "present" : "offline")})");
            foreach (var key in manifest.Keys)
            {
                var since = key.CompromisedSince is { } s ? $" since {Format(s)}" : "";
                await context.Out.WriteLineAsync($"  {key.KeyId}  {key.State.ToString().ToLowerInvariant()}{since}  created {Format(key.Created)}  valid {Format(key.NotBefore)} .. {Format(key.NotAfter)}");
            }

            return 0;
        }));
        return command;
    }

    private Command Compromised()
    {
        var keyId = new Option<string>("--key-id") { Description = "The compromised issuing key (16 hex characters, see 'keys list').", Required = true };
        var since = new Option<DateTimeOffset>("--since")
        {
            Description = "The earliest time the key may have been in other hands, UTC (e.g. 2026-01-31T12:00:00Z).",
            Required = true,
            HelpName = "TIME",
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                {
                    return parsed;
                }

                result.AddError($"--since '{text}' is not a date and time (e.g. 2026-01-31T12:00:00Z).");
                return default;
            },
        };
        var command = new Command("compromised", "Mark a retired issuing key compromised from a point in time: its signatures from then on are void.") { keyId, since };
        command.SetAction(runner.Action("keys compromised", DatabaseUse.None, async context =>
        {
            var store = context.Services.GetRequiredService<KeyStoreLocation>().Store;
            var from = context.Value(since);
            var record = store.MarkCompromised(context.Value(keyId).ToLowerInvariant(), from);
            WriteTrustList(context, store);
            await context.Out.WriteLineAsync($"Key {record.KeyId} is marked compromised since {Format(from)}: its signatures from then on are void.");
            await AuditAsync(context, audit =>
            {
                audit.Record(Actor.System, "keys.compromised", "KeyStore", record.KeyId, after: new { record.CompromisedSince });
                LogKeyEvents(context, [LogEntries.Key(LogEntries.KeyCompromised, record.KeyId, from, Now(context))]);
            });
            await context.Out.WriteLineAsync("Next: publish the new trust-list.json, revoke and re-issue the certificates signed with this key since that time (keys/README.md).");
            return 0;
        }));
        return command;
    }

    private static async Task AuditAsync(AdminCommandContext context, Action<AuditTrail> record)
    {
        if (!await context.TryAuditAsync(record))
        {
            await context.Out.WriteLineAsync("No current service database here (as on the offline ceremony machine): note this step in the ceremony protocol.");
        }
    }

    /// <summary>Key events go into the public transparency log in the same SaveChanges as their audit entry.</summary>
    private static void LogKeyEvents(AdminCommandContext context, IEnumerable<TransparencyLogRecord> records) =>
        context.Services.GetRequiredService<SealService.Data.AppDbContext>().TransparencyLog.AddRange(records);

    private static DateTimeOffset Now(AdminCommandContext context) => context.Services.GetRequiredService<TimeProvider>().GetUtcNow();

    private static void WriteTrustList(AdminCommandContext context, FileKeyStore store)
    {
        var seal = context.Services.GetRequiredService<IOptions<SealOptions>>().Value;
        var urls = context.Services.GetRequiredService<PublicUrls>();
        var list = TrustListPublisher.Build(store, seal.IssuerName, urls.BaseUrl, Now(context));
        TrustListPublisher.WriteSignedFile(store, context.Services.GetRequiredService<ISealSigner>(), list);
    }

    private static string Format(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
