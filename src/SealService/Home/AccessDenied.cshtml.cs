namespace SealService.Home;

public sealed class AccessDeniedModel(IOptions<SecurityOptions> security) : PageModel
{
    public bool NeedsTwoFactor { get; private set; }

    public void OnGet()
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        NeedsTwoFactor = security.Value.RequireTwoFactorForStaff
            && Roles.Staff.Any(User.IsInRole)
            && !User.HasClaim("amr", "mfa");
    }
}
