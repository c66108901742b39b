using Microsoft.AspNetCore.Identity;

namespace SealService.Infrastructure.Validation;

/// <summary>
/// The account's display name appears in mail greetings, the audit trail and attestations: one line. Runs on every create
/// and update through <see cref="UserManager{TUser}"/>, so neither registration, the admin pages nor the command line can store a line break.
/// </summary>
public sealed class DisplayNameValidator : IUserValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Task.FromResult(SingleLine.IsValid(user.DisplayName)
            ? IdentityResult.Success
            : IdentityResult.Failed(new IdentityError { Code = "DisplayNameNotSingleLine", Description = SingleLine.Message }));
    }
}
