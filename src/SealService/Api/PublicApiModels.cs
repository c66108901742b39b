namespace SealService.Api;

/// <summary>Status and details of one certificate. <c>status</c>, <c>statusSince</c> and <c>statusReason</c> are what SealVerifier's online check reads.</summary>
public sealed record CertificateResponse
{
    public required string Serial { get; init; }

    /// <summary>active, suspended, revoked, expired or superseded.</summary>
    public required string Status { get; init; }

    public required DateTimeOffset? StatusSince { get; init; }
    public required string? StatusReason { get; init; }
    public required HolderResponse Holder { get; init; }
    public required ProductResponse Product { get; init; }
    public required ProgramResponse Program { get; init; }
    public required DateTimeOffset ValidFrom { get; init; }
    public required DateTimeOffset ValidUntil { get; init; }
    public required IssuerResponse Issuer { get; init; }
    public required string VerificationUrl { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
}

public sealed record HolderResponse
{
    public required string Name { get; init; }
    public required string RegistrationNumber { get; init; }
    public required string Country { get; init; }
    public required string? Website { get; init; }
}

public sealed record ProductResponse
{
    public required string Name { get; init; }
    public required string Version { get; init; }
}

public sealed record ProgramResponse
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required string CatalogVersion { get; init; }
}

public sealed record IssuerResponse
{
    public required string Name { get; init; }
    public required string KeyId { get; init; }
}

/// <summary>SealVerifier's verification statement for a scanned QR code.</summary>
public sealed record VerificationResponse
{
    /// <summary>valid, expired, notYetValid, suspended, revoked, badSignature, unknownKey, keyCompromised or malformed.</summary>
    public required string Verdict { get; init; }

    public required bool IsValid { get; init; }
    public required string? Serial { get; init; }

    /// <summary>The signed claims of the QR code, present once their signature has been verified.</summary>
    public required ClaimsResponse? Claims { get; init; }

    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>The live status the service reported, when it knows the serial.</summary>
    public required LiveStatusResponse? Status { get; init; }

    public required SigningKeyResponse? SigningKey { get; init; }
    public required DateTimeOffset CheckedAt { get; init; }
}

public sealed record ClaimsResponse
{
    public required string Serial { get; init; }
    public required string Program { get; init; }
    public required string Holder { get; init; }
    public required string Product { get; init; }
    public required DateTimeOffset ValidUntil { get; init; }
    public required DateTimeOffset IssuedAt { get; init; }
}

public sealed record LiveStatusResponse
{
    /// <summary>active, suspended, revoked, expired, superseded or unknown.</summary>
    public required string State { get; init; }

    public required DateTimeOffset? Since { get; init; }
    public required string? Reason { get; init; }
}

public sealed record SigningKeyResponse
{
    public required string KeyId { get; init; }

    /// <summary>active, retired or compromised.</summary>
    public required string State { get; init; }
}

/// <summary>One page of the public registry of certified products.</summary>
public sealed record RegistryResponse
{
    public required int Page { get; init; }
    public required int PageSize { get; init; }

    /// <summary>
    /// The number of matching certificates when totalIsExact is true; otherwise a lower bound: there are more than this
    /// many (counting stops at 1,000 so a search over millions of seals stays fast). Page on while hasNextPage is true.
    /// </summary>
    public required int Total { get; init; }

    /// <summary>Whether total is the exact number of matches (true) or a lower bound (false).</summary>
    public required bool TotalIsExact { get; init; }

    /// <summary>Whether the next page (page + 1) holds more certificates.</summary>
    public required bool HasNextPage { get; init; }

    public required IReadOnlyList<RegistryItemResponse> Items { get; init; }
}

public sealed record RegistryItemResponse
{
    public required string Serial { get; init; }
    public required string Holder { get; init; }
    public required string Country { get; init; }
    public required string Product { get; init; }
    public required string ProgramId { get; init; }
    public required string ProgramName { get; init; }
    public required DateTimeOffset ValidUntil { get; init; }

    /// <summary>active, suspended, revoked, expired or superseded.</summary>
    public required string Status { get; init; }

    /// <summary>The QR landing page of the certificate.</summary>
    public required string VerificationUrl { get; init; }

    /// <summary>The status as JSON.</summary>
    public required string StatusUrl { get; init; }
}
