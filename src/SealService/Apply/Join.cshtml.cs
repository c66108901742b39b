using Microsoft.AspNetCore.Identity;

namespace SealService.Apply;

public sealed class JoinModel(OrganizationMembership membership, UserManager<AppUser> users, SignInManager<AppUser> signIn, TimeProvider time, UiText text) : PageModel, IRefusalForm
{
    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = "";

    public string? OrganizationName { get; private set; }

    public bool Usable { get; private set; }

    public async Task<IActionResult> OnGetAsync()
    {
        var found = await membership.FindInvitationAsync(Token, HttpContext.RequestAborted);
        if (found is null)
        {
            ModelState.AddModelError(string.Empty, "This invitation link is not valid. Ask your colleague to send a new one.");
            return Page();
        }

        OrganizationName = found.Value.Organization.LegalName;
        Usable = found.Value.Invitation.IsPendingAt(time.GetUtcNow());
        if (!Usable)
        {
            ModelState.AddModelError(string.Empty, "This invitation has expired or has already been used. Ask your colleague to send a new one.");
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var organization = await membership.AcceptAsync(Token, user, User.ToActor(), HttpContext.RequestAborted);
        await signIn.RefreshSignInAsync(user);
        TempData["Success"] = text.Format("Welcome: you are now a member of {0}.", organization.LegalName);
        return RedirectToPage("/Apply/Index");
    }

    /// <summary>A refused invitation shows the page again, naming the organization when the invitation still exists.</summary>
    public async Task<IActionResult?> OnRefusedAsync(DomainRuleViolation refusal, RefusalArguments arguments)
    {
        var found = await membership.FindInvitationAsync(Token, HttpContext.RequestAborted);
        OrganizationName = found?.Organization.LegalName;
        return null;
    }
}
