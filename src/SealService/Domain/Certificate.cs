namespace SealService.Domain;

public enum CertificateStatus
{
    Active,
    Suspended,
    Revoked,
    Superseded,
}

/// <summary>Why a certificate was suspended or revoked; the free text adds the details.</summary>
public enum StatusChangeReason
{
    NonconformityFound,
    FalseDeclaration,
    FeeNotPaid,
    HolderRequest,
    MisuseOfSeal,
    KeyCompromise,
    Other,
}

/// <summary>
/// An issued seal: the signed canonical payload, its detached CMS signature, the compact QR token and the wallet credential,
/// plus the live status the public verifier reports. Expiry is not a stored state: it follows from <see cref="ValidUntil"/> and the clock.
/// </summary>
public sealed class Certificate
{
    /// <summary>Longest validity a program may grant: the seal programs renew yearly, three years is the outer bound. Issuing
    /// certificates are made to outlive every seal their key signs by this much.</summary>
    public const int MaxValidityMonths = 36;

    private Certificate()
    {
    }

    public Certificate(Guid applicationId, string serial, string programId, string holderName, string holderCountry, string productName, string language,
        byte[] payload, byte[] cmsSignature, string qrToken, string keyId, DateTimeOffset issuedAt, DateTimeOffset validFrom, DateTimeOffset validUntil,
        string? credential = null)
    {
        // The holder and product names go into the signed payload, the PDF and mail subjects: one line each, whatever path built them.
        SingleLine.Require(holderName, "Holder");
        SingleLine.Require(productName, "Product name");
        Id = Guid.NewGuid();
        ApplicationId = applicationId;
        Serial = serial;
        ProgramId = programId;
        HolderName = holderName;
        HolderCountry = holderCountry;
        ProductName = productName;
        Language = language;
        Payload = payload;
        CmsSignature = cmsSignature;
        QrToken = qrToken;
        KeyId = keyId;
        IssuedAt = issuedAt;
        ValidFrom = validFrom;
        ValidUntil = validUntil;
        Credential = credential;
        Status = CertificateStatus.Active;
        StatusChangedAt = issuedAt;
    }

    public Guid Id { get; private set; }
    public Guid ApplicationId { get; private set; }
    public string Serial { get; private set; } = "";
    public string ProgramId { get; private set; } = "";
    public string HolderName { get; private set; } = "";
    public string HolderCountry { get; private set; } = "";
    public string ProductName { get; private set; } = "";
    public string Language { get; private set; } = "en";
    public byte[] Payload { get; private set; } = [];
    public byte[] CmsSignature { get; private set; } = [];
    public string QrToken { get; private set; } = "";

    /// <summary>
    /// The wallet credential (Open Badges 3.0 <c>OpenBadgeCredential</c> as <c>vc+jwt</c>), signed and self-checked by the
    /// issuance pipeline together with the payload, CMS signature and QR token. Certificates issued before it was part of the
    /// pipeline have none stored; theirs is signed on download by the active issuing key.
    /// </summary>
    public string? Credential { get; private set; }
    public string KeyId { get; private set; } = "";
    public DateTimeOffset IssuedAt { get; private set; }
    public DateTimeOffset ValidFrom { get; private set; }
    public DateTimeOffset ValidUntil { get; private set; }
    public CertificateStatus Status { get; private set; }
    public DateTimeOffset StatusChangedAt { get; private set; }
    public StatusChangeReason? StatusReason { get; private set; }
    public string? StatusReasonText { get; private set; }
    public string? StatusChangedById { get; private set; }
    public Guid ConcurrencyStamp { get; set; } = Guid.NewGuid();

    /// <summary>
    /// The seal's entry in the W3C status lists (revocation and suspension), derived from the serial
    /// (<see cref="SealVerifier.BitstringStatusList.IndexOf"/>) and stored so that no two seals share one (unique index).
    /// Certificates issued before status lists have none stored; their entry is derived the same way.
    /// </summary>
    public int? StatusIndex { get; private set; }

    public void AssignStatusIndex(int index)
    {
        if (StatusIndex is not null)
        {
            throw new InvalidOperationException("The status list index of a certificate never changes.");
        }

        StatusIndex = index;
    }

    /// <summary>How long after <see cref="ValidUntil"/> the holder may still renew instead of applying afresh.</summary>
    public static readonly TimeSpan RenewalGracePeriod = TimeSpan.FromDays(90);

    /// <summary>
    /// How long before <see cref="ValidUntil"/> renewal opens: early enough for an audit before the seal lapses (the
    /// reminders start 60 days before), late enough that a fresh seal is not renewed the day after it was issued.
    /// </summary>
    public static readonly TimeSpan RenewalWindowBeforeExpiry = TimeSpan.FromDays(90);

    public bool IsExpiredAt(DateTimeOffset now) => now > ValidUntil;

    /// <summary>The first moment the holder may renew.</summary>
    public DateTimeOffset RenewalOpensAt => ValidUntil - RenewalWindowBeforeExpiry;

    /// <summary>Active (not suspended, revoked or superseded), within the renewal window and not expired for longer than the grace period.</summary>
    public bool IsRenewableAt(DateTimeOffset now) => Status == CertificateStatus.Active && now >= RenewalOpensAt && now <= ValidUntil + RenewalGracePeriod;

    /// <summary>Active but renewal not open yet.</summary>
    public bool IsTooEarlyToRenewAt(DateTimeOffset now) => Status == CertificateStatus.Active && now < RenewalOpensAt;

    /// <summary>What the public sees: revocation and suspension win over expiry, expiry over active.</summary>
    public string PublicStatusAt(DateTimeOffset now) => Status switch
    {
        CertificateStatus.Revoked => "revoked",
        CertificateStatus.Suspended => "suspended",
        CertificateStatus.Superseded => "superseded",
        _ when IsExpiredAt(now) => "expired",
        _ => "active",
    };

    public void Suspend(StatusChangeReason reason, string details, Actor by, DateTimeOffset now)
    {
        RequireStaff(by, "Only a certifier or an admin can suspend a certificate.");
        if (Status != CertificateStatus.Active)
        {
            throw new DomainRuleViolation("Only an active certificate can be suspended; this one is {0}.", Status);
        }

        ChangeStatus(CertificateStatus.Suspended, reason, details, by, now);
    }

    public void Reinstate(Actor by, DateTimeOffset now)
    {
        RequireStaff(by, "Only a certifier or an admin can reinstate a certificate.");
        if (Status != CertificateStatus.Suspended)
        {
            throw new DomainRuleViolation("Only a suspended certificate can be reinstated; this one is {0}.", Status);
        }

        if (IsExpiredAt(now))
        {
            throw new DomainRuleViolation("The certificate has expired meanwhile; the holder must renew it.");
        }

        Status = CertificateStatus.Active;
        StatusReason = null;
        StatusReasonText = null;
        StatusChangedAt = now;
        StatusChangedById = by.UserId;
    }

    public void Revoke(StatusChangeReason reason, string details, Actor by, DateTimeOffset now)
    {
        RequireStaff(by, "Only a certifier or an admin can revoke a certificate.");
        if (Status is CertificateStatus.Revoked)
        {
            throw new DomainRuleViolation("The certificate is already revoked; revocation is final.");
        }

        ChangeStatus(CertificateStatus.Revoked, reason, details, by, now);
    }

    /// <summary>A renewal's new certificate replaces this one.</summary>
    public void Supersede(Actor by, DateTimeOffset now)
    {
        if (Status != CertificateStatus.Active)
        {
            throw new DomainRuleViolation("Only an active certificate can be superseded; this one is {0}.", Status);
        }

        Status = CertificateStatus.Superseded;
        StatusChangedAt = now;
        StatusChangedById = by.UserId;
        StatusReason = null;
        StatusReasonText = "Replaced by a renewed certificate.";
    }

    private void ChangeStatus(CertificateStatus status, StatusChangeReason reason, string details, Actor by, DateTimeOffset now)
    {
        if ((details?.Length ?? 0) > Limits.Comment)
        {
            throw new DomainRuleViolation("The reason text can have at most {0} characters.", Limits.Comment);
        }

        if (reason == StatusChangeReason.Other && string.IsNullOrWhiteSpace(details))
        {
            throw new DomainRuleViolation("With the reason 'Other', say what happened.");
        }

        Status = status;
        StatusReason = reason;
        StatusReasonText = details?.Trim();
        StatusChangedAt = now;
        StatusChangedById = by.UserId;
    }

    private static void RequireStaff(Actor by, string refusal)
    {
        ArgumentNullException.ThrowIfNull(by);
        if (!by.IsInRole(Roles.Certifier) && !by.IsInRole(Roles.Admin))
        {
            throw new DomainRuleViolation(refusal);
        }
    }
}
