using SealService.Infrastructure.Validation;

namespace SealService.Apply;

public sealed class MembersModel(OrganizationMembership membership, PublicUrls urls, UiText text) : PageModel, IRefusalForm
{
    public Organization Organization { get; private set; } = null!;

    public IReadOnlyList<AppUser> Members { get; private set; } = [];

    public IReadOnlyList<OrganizationInvitation> Invitations { get; private set; } = [];

    [BindProperty]
    [SingleLine]
    public string InviteEmail { get; set; } = "";

    public async Task<IActionResult> OnGetAsync()
    {
        await LoadAsync();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var invitation = await membership.InviteAsync(InviteEmail, token => urls.Absolute(Url.Page("/Apply/Join", pageHandler: null, values: new { token })!),
            User.ToActor(), HttpContext.RequestAborted);
        TempData["Success"] = text.Format("Invitation sent to {0}. The link is valid for 7 days.", invitation.Email);
        return RedirectToPage();
    }

    /// <summary>A refused invitation shows the members again with the typed address kept.</summary>
    public async Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments)
    {
        await LoadAsync();
        return null;
    }

    private async Task LoadAsync()
    {
        Organization = (await membership.FindForMemberAsync(User.ToActor(), HttpContext.RequestAborted))!;
        Members = await membership.MembersAsync(Organization.Id, HttpContext.RequestAborted);
        Invitations = await membership.PendingInvitationsAsync(Organization.Id, HttpContext.RequestAborted);
    }
}
