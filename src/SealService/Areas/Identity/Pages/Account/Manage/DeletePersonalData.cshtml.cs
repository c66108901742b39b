using Microsoft.AspNetCore.Authorization;

namespace SealService.Areas.Identity.Pages.Account.Manage;

/// <summary>
/// Replaces the default Identity UI page, which deleted the account outright (and answered 500 to a post without a
/// password). Accounts hold audit-logged decisions and organization memberships, so they are closed by the
/// certification body (lock in /Admin/Users), never deleted by a form.
/// </summary>
[Authorize]
public sealed class DeletePersonalDataModel : PageModel
{
    public IActionResult OnGet() => NotFound();

    public IActionResult OnPost() => NotFound();
}
