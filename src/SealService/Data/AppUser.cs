using Microsoft.AspNetCore.Identity;

namespace SealService.Data;

public sealed class AppUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>The applicant organization this account belongs to; staff accounts usually have none.</summary>
    public Guid? OrganizationId { get; set; }

    public string PreferredLanguage { get; set; } = "en";
}
