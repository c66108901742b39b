using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using SealService.Infrastructure.Validation;

namespace SealService.Apply;

public sealed class OrganizationModel(OrganizationMembership membership, UserManager<AppUser> users, SignInManager<AppUser> signIn, UiText text) : PageModel, IRefusalForm
{
    /// <summary>A short list of the countries our programs serve; codes are ISO 3166-1 alpha-2.</summary>
    public static readonly IReadOnlyList<(string Code, string Name)> Countries =
    [
        ("DE", "Germany"), ("AT", "Austria"), ("CH", "Switzerland"), ("LI", "Liechtenstein"), ("LU", "Luxembourg"), ("BE", "Belgium"),
        ("NL", "Netherlands"), ("FR", "France"), ("PL", "Poland"), ("RW", "Rwanda"), ("KE", "Kenya"), ("UG", "Uganda"), ("TZ", "Tanzania"),
        ("BI", "Burundi"), ("CD", "DR Congo"),
    ];

    [BindProperty]
    public OrganizationInput Input { get; set; } = new();

    public bool IsNew { get; private set; }

    public async Task OnGetAsync()
    {
        var organization = await membership.FindForMemberAsync(User.ToActor(), HttpContext.RequestAborted);
        IsNew = organization is null;
        if (organization is not null)
        {
            Input = OrganizationInput.From(organization.Profile);
        }
        else
        {
            var user = await users.GetUserAsync(User);
            Input = new OrganizationInput { ContactName = user?.DisplayName ?? "", ContactEmail = user?.Email ?? "", Country = "DE" };
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var actor = User.ToActor();
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        IsNew = user.OrganizationId is null;
        if (!ModelState.IsValid)
        {
            return Page();
        }

        if (IsNew)
        {
            await membership.CreateAsync(Input.ToProfile(), user, actor, HttpContext.RequestAborted);
            await signIn.RefreshSignInAsync(user);
            TempData["Success"] = text["Your organization is registered. You can now apply for a seal."];
            return RedirectToPage("/Apply/Index");
        }

        await membership.UpdateAsync(Input.ToProfile(), actor with { OrganizationId = user.OrganizationId }, HttpContext.RequestAborted);
        TempData["Success"] = text["The organization profile is saved."];
        return RedirectToPage("/Apply/Organization");
    }

    /// <summary>A refused post shows the form again as it was posted, the message in the summary at the top.</summary>
    public Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments) => Task.FromResult<IActionResult?>(null);
}

public sealed class OrganizationInput
{
    [Required(ErrorMessage = "Enter the organization's legal name.")]
    [StringLength(200)]
    [SingleLine]
    public string LegalName { get; set; } = "";

    [StringLength(100)]
    [SingleLine]
    public string LegalForm { get; set; } = "";

    [Required(ErrorMessage = "Enter the registration number.")]
    [StringLength(100)]
    [SingleLine]
    public string RegistrationNumber { get; set; } = "";

    [Required(ErrorMessage = "Choose the country.")]
    [RegularExpression("^[A-Z]{2}$", ErrorMessage = "Choose the country.")]
    public string Country { get; set; } = "";

    [Required(ErrorMessage = "Enter the street and number.")]
    [StringLength(200)]
    [SingleLine]
    public string Street { get; set; } = "";

    [StringLength(20)]
    [SingleLine]
    public string PostalCode { get; set; } = "";

    [Required(ErrorMessage = "Enter the city.")]
    [StringLength(100)]
    [SingleLine]
    public string City { get; set; } = "";

    [Url(ErrorMessage = "Enter the website as a full address, e.g. https://www.example.com.")]
    [StringLength(300)]
    [SingleLine]
    public string? Website { get; set; }

    [Required(ErrorMessage = "Enter the contact person.")]
    [StringLength(200)]
    [SingleLine]
    public string ContactName { get; set; } = "";

    [Required(ErrorMessage = "Enter the contact e-mail address.")]
    [EmailAddress(ErrorMessage = "Enter a valid contact e-mail address.")]
    [StringLength(256)]
    [SingleLine]
    public string ContactEmail { get; set; } = "";

    public bool IsAssociationMember { get; set; }

    public OrganizationProfile ToProfile() =>
        new(LegalName, LegalForm ?? "", RegistrationNumber, Country, Street, PostalCode ?? "", City, Website, ContactName, ContactEmail, IsAssociationMember);

    public static OrganizationInput From(OrganizationProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new OrganizationInput
        {
            LegalName = profile.LegalName,
            LegalForm = profile.LegalForm,
            RegistrationNumber = profile.RegistrationNumber,
            Country = profile.Country,
            Street = profile.Street,
            PostalCode = profile.PostalCode,
            City = profile.City,
            Website = profile.Website,
            ContactName = profile.ContactName,
            ContactEmail = profile.ContactEmail,
            IsAssociationMember = profile.IsAssociationMember,
        };
    }
}
