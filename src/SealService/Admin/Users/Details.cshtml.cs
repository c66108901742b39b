namespace SealService.Admin.Users;

/// <summary>One account: roles, lock, two-factor reset, confirmation mail. Admins only (folder policy); every change is audited.</summary>
public sealed class DetailsModel(UserAdministration accounts, PublicUrls urls, UiText text) : PageModel
{
    public UserSummary Account { get; private set; } = null!;

    public IReadOnlyList<string> AddableRoles => Roles.All.Except(Account.Roles, StringComparer.Ordinal).ToList();

    public bool IsOwnAccount => Account.Id == User.ToActor().UserId;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var found = await accounts.FindAsync(id, ct);
        if (found is null)
        {
            return NotFound();
        }

        Account = found;
        return Page();
    }

    public Task<IActionResult> OnPostAddRoleAsync(string id, string role, CancellationToken ct) =>
        ChangeAsync(id, () => accounts.AddRoleAsync(id, role, User.ToActor(), ct), text.Format("Role {0} added.", text[role]), ct);

    public Task<IActionResult> OnPostRemoveRoleAsync(string id, string role, CancellationToken ct) =>
        ChangeAsync(id, () => accounts.RemoveRoleAsync(id, role, User.ToActor(), ct), text.Format("Role {0} removed.", text[role]), ct);

    public Task<IActionResult> OnPostLockAsync(string id, DateOnly? until, CancellationToken ct) =>
        ChangeAsync(id, () => accounts.LockAsync(id, until?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), User.ToActor(), ct),
            until is null ? text["The account is locked until an admin unlocks it."] : text.Format("The account is locked until {0}.", until.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)), ct);

    public Task<IActionResult> OnPostUnlockAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, () => accounts.UnlockAsync(id, User.ToActor(), ct), text["The account is unlocked."], ct);

    public Task<IActionResult> OnPostResetTwoFactorAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, () => accounts.ResetTwoFactorAsync(id, User.ToActor(), ct), text["Two-factor sign-in is reset. The user sets up an authenticator app again at the next sign-in."], ct);

    public Task<IActionResult> OnPostResendConfirmationAsync(string id, CancellationToken ct) =>
        ChangeAsync(id, () => accounts.ResendConfirmationAsync(id,
            (userId, code) => urls.Absolute(Url.Page("/Account/ConfirmEmail", pageHandler: null, values: new { area = "Identity", userId, code })!),
            User.ToActor(), ct), text["A new confirmation link has been sent."], ct);

    private async Task<IActionResult> ChangeAsync(string id, Func<Task> change, string success, CancellationToken ct)
    {
        if (await accounts.FindAsync(id, ct) is null)
        {
            return NotFound();
        }

        await change();
        TempData["Success"] = success;
        return RedirectToPage(new { id });
    }
}
