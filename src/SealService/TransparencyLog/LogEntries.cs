using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using SealVerifier;

namespace SealService.TransparencyLog;

/// <summary>
/// The log's entry schema, version 1 (docs/transparency-log.md): RFC 8785 canonical JSON objects with <c>v</c> and
/// <c>type</c> and only facts that are public anyway (on the seal, in the trust list or from the status API).
/// </summary>
public static class LogEntries
{
    public const int SchemaVersion = 1;

    public const string CertificateIssued = "certificate.issued";
    public const string CertificateSuspended = "certificate.suspended";
    public const string CertificateReinstated = "certificate.reinstated";
    public const string CertificateRevoked = "certificate.revoked";
    public const string CertificateSuperseded = "certificate.superseded";
    public const string KeyAdded = "key.added";
    public const string KeyRetired = "key.retired";
    public const string KeyCompromised = "key.compromised";
    public const string AuditAnchor = "audit.anchor";

    public static TransparencyLogRecord Issued(Certificate certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Build(CertificateIssued, certificate.Serial, now, new JsonObject
        {
            ["serial"] = certificate.Serial,
            ["program"] = certificate.ProgramId,
            ["payloadSha256"] = Convert.ToHexStringLower(SHA256.HashData(certificate.Payload)),
            ["keyId"] = certificate.KeyId,
            ["issuedAt"] = Time(certificate.IssuedAt),
            ["validUntil"] = Time(certificate.ValidUntil),
        });
    }

    public static TransparencyLogRecord StatusChanged(string type, Certificate certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var fields = new JsonObject
        {
            ["serial"] = certificate.Serial,
            ["at"] = Time(certificate.StatusChangedAt),
        };
        if (type is CertificateSuspended or CertificateRevoked && certificate.StatusReason is { } reason)
        {
            fields["reason"] = ReasonCode(reason);
        }

        return Build(type, certificate.Serial, now, fields);
    }

    public static TransparencyLogRecord Key(string type, string keyId, DateTimeOffset at, DateTimeOffset now) =>
        Build(type, null, now, new JsonObject { ["keyId"] = keyId, ["at"] = Time(at) });

    /// <summary>The head of the internal audit chain: only its hash, so anyone holding a later checkpoint can prove what it was.</summary>
    public static TransparencyLogRecord Anchor(string auditHeadHash, DateTimeOffset now) =>
        Build(AuditAnchor, null, now, new JsonObject { ["auditHead"] = auditHeadHash });

    /// <summary><see cref="StatusChangeReason"/> as a stable code: its name in camelCase (nonconformityFound, keyCompromise, ...).</summary>
    public static string ReasonCode(StatusChangeReason reason) => JsonNamingPolicy.CamelCase.ConvertName(reason.ToString());

    /// <summary>
    /// The entries implied by the certificates this SaveChanges inserts or whose status it changes. Deriving them here,
    /// rather than in each caller, means no code path (page, API, command line, renewal) can change a seal unlogged.
    /// </summary>
    internal static List<TransparencyLogRecord> Derive(DbContext db, DateTimeOffset now)
    {
        var derived = new List<TransparencyLogRecord>();
        foreach (var entry in db.ChangeTracker.Entries<Certificate>())
        {
            if (entry.State == EntityState.Added)
            {
                derived.Add(Issued(entry.Entity, now));
                continue;
            }

            if (entry.State != EntityState.Modified)
            {
                continue;
            }

            var status = entry.Property(c => c.Status);
            if (!status.IsModified || status.OriginalValue == status.CurrentValue)
            {
                continue;
            }

            var type = status.CurrentValue switch
            {
                CertificateStatus.Suspended => CertificateSuspended,
                CertificateStatus.Revoked => CertificateRevoked,
                CertificateStatus.Superseded => CertificateSuperseded,
                _ => CertificateReinstated,
            };
            derived.Add(StatusChanged(type, entry.Entity, now));
        }

        return derived.Select(r => new TransparencyLogRecord(r.Type, r.Serial, r.Entry, r.RecordedAt) { Derived = true }).ToList();
    }

    private static TransparencyLogRecord Build(string type, string? serial, DateTimeOffset now, JsonObject fields)
    {
        fields["v"] = SchemaVersion;
        fields["type"] = type;
        var bytes = CanonicalJson.Canonicalize(JsonSerializer.SerializeToUtf8Bytes(fields));
        return new TransparencyLogRecord(type, serial, bytes, now);
    }

    private static string Time(DateTimeOffset value) =>
        value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
