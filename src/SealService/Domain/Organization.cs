namespace SealService.Domain;

/// <summary>A company that applies for seals. Its profile flows into every application and, on approval, into the certificate.</summary>
public sealed class Organization
{
    private Organization()
    {
    }

    public Guid Id { get; private set; }
    public string LegalName { get; private set; } = "";
    public string LegalForm { get; private set; } = "";
    public string RegistrationNumber { get; private set; } = "";
    public string Country { get; private set; } = "";
    public string Street { get; private set; } = "";
    public string PostalCode { get; private set; } = "";
    public string City { get; private set; } = "";
    public string? Website { get; private set; }
    public string ContactName { get; private set; } = "";
    public string ContactEmail { get; private set; } = "";
    public bool IsAssociationMember { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    public static Organization Create(OrganizationProfile profile, DateTimeOffset now)
    {
        var organization = new Organization { Id = Guid.NewGuid(), CreatedAt = now };
        organization.Update(profile);
        return organization;
    }

    public void Update(OrganizationProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (string.IsNullOrWhiteSpace(profile.LegalName))
        {
            throw new DomainRuleViolation("The organization needs its legal name.");
        }

        SingleLine.Require(profile.LegalName, "Legal name");
        SingleLine.Require(profile.LegalForm, "Legal form");
        SingleLine.Require(profile.RegistrationNumber, "Registration number");
        SingleLine.Require(profile.Street, "Street");
        SingleLine.Require(profile.PostalCode, "Postal code");
        SingleLine.Require(profile.City, "City");
        SingleLine.Require(profile.Website, "Website");
        SingleLine.Require(profile.ContactName, "Contact person");
        SingleLine.Require(profile.ContactEmail, "Contact e-mail");
        if (profile.Country is not { Length: 2 } || !profile.Country.All(char.IsAsciiLetterUpper))
        {
            throw new DomainRuleViolation("The country must be a two-letter ISO 3166 code such as DE or RW.");
        }

        LegalName = profile.LegalName.Trim();
        LegalForm = profile.LegalForm.Trim();
        RegistrationNumber = profile.RegistrationNumber.Trim();
        Country = profile.Country;
        Street = profile.Street.Trim();
        PostalCode = profile.PostalCode.Trim();
        City = profile.City.Trim();
        Website = string.IsNullOrWhiteSpace(profile.Website) ? null : profile.Website.Trim();
        ContactName = profile.ContactName.Trim();
        ContactEmail = profile.ContactEmail.Trim();
        IsAssociationMember = profile.IsAssociationMember;
    }

    public OrganizationProfile Profile => new(LegalName, LegalForm, RegistrationNumber, Country, Street, PostalCode, City, Website, ContactName, ContactEmail, IsAssociationMember);
}

public sealed record OrganizationProfile(
    string LegalName,
    string LegalForm,
    string RegistrationNumber,
    string Country,
    string Street,
    string PostalCode,
    string City,
    string? Website,
    string ContactName,
    string ContactEmail,
    bool IsAssociationMember);
