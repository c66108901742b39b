using System.ComponentModel.DataAnnotations;

namespace SealService.Infrastructure;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Holds the SQLite database, uploaded evidence and the development mail pickup folder. Relative paths are resolved against the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    /// <summary>"Sqlite" (embedded default) or "Postgres".</summary>
    [Required]
    public string Provider { get; set; } = "Sqlite";

    /// <summary>Only for Postgres; SQLite uses a file in the data folder.</summary>
    public string? ConnectionString { get; set; }

    [Range(1, 1024)]
    public int MaxUploadMegabytes { get; set; } = 20;

    /// <summary>How long start-up or <c>migrate</c> waits for another process's migration lock before giving up with a message.</summary>
    public TimeSpan MigrationLockTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>A SQLite migration lock older than this was left by a killed process and is removed (migrations take seconds).</summary>
    public TimeSpan MigrationLockStaleAfter { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Evidence storage per organization: current files and those a submitted revision has seen (removed drafts are deleted and free their space).</summary>
    [Range(1, 1_048_576)]
    public int OrganizationQuotaMegabytes { get; set; } = 500;
}

public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Auditor, certifier and admin accounts must sign in with TOTP. On by default; Development turns it off for demo accounts.</summary>
    public bool RequireTwoFactorForStaff { get; set; } = true;
}

public sealed class SealOptions
{
    public const string Section = "Seal";

    /// <summary>The public address of this service, used in QR codes and verification links. Development defaults to the listening address.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>The certification body's full legal name, shown on certificates and the verifier page.</summary>
    [Required]
    public string IssuerName { get; set; } = "SealService Development Certification Body";

    /// <summary>The certification body's country (ISO 3166 two-letter code): the C attribute of the signing certificates' subjects.</summary>
    [RegularExpression("^[A-Z]{2}$")]
    public string IssuerCountry { get; set; } = "DE";
}

/// <summary>
/// How the public reaches the certification body (section <c>Seal:Contact</c>): the name, postal address and phone number are
/// shown on the verifier's "not genuine" page; the e-mail address only receives the misuse reports sent from there and is
/// never shown. Checked at start-up (<see cref="SealContactOptionsValidation"/>).
/// </summary>
public sealed class SealContactOptions
{
    public const string Section = "Seal:Contact";

    /// <summary>The name shown to the public; <see cref="SealOptions.IssuerName"/> when empty.</summary>
    public string? Name { get; set; }

    /// <summary>Where misuse reports are mailed. Required in Production.</summary>
    public string? Email { get; set; }

    /// <summary>One line, e.g. "Musterstraße 1, 10115 Berlin, Germany".</summary>
    public string? PostalAddress { get; set; }

    public string? Phone { get; set; }

    /// <summary>The language of the mails to the certification body (en, de, fr or rw).</summary>
    public string Language { get; set; } = "en";
}
