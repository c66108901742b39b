using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SealService.EndToEnd.Journeys;

public sealed partial class RegistrationJourney(EndToEndFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task New_account_confirms_its_email_from_the_mail_link_and_signs_in() => JourneyAsync(async () =>
    {
        const string password = "Register-Journey-2026";
        var email = $"new-{Guid.NewGuid():N}@e2e.example";
        var page = await NewDesktopPageAsync();

        await page.GotoAsync("/Identity/Account/Register");
        await page.AssertAccessibleAsync();
        var displayName = page.Locator("#Input_DisplayName");
        if (await displayName.CountAsync() > 0)
        {
            await displayName.FillAsync("Rita Register");
        }

        await page.FillAsync("#Input_Email", email);
        await page.FillAsync("#Input_Password", password);
        await page.FillAsync("#Input_ConfirmPassword", password);
        await page.Locator("form:has(#Input_Email) button[type=submit]").ClickAsync();
        await Expect(page).Not.ToHaveURLAsync(RegisterPage());

        var confirmationLink = await ReadLatestMailLinkAsync(email);
        Assert.StartsWith($"{Host.BaseUrl}/Identity/Account/ConfirmEmail?", confirmationLink, StringComparison.Ordinal);

        var unconfirmed = await NewDesktopPageAsync();
        Assert.NotNull(await TrySignInAsync(unconfirmed, email, password));
        await Expect(unconfirmed.Locator("form.logout")).ToHaveCountAsync(0);

        var confirmed = await page.GotoAsync(confirmationLink);
        await page.AssertAccessibleAsync();
        Assert.Equal(200, confirmed!.Status);
        var account = await Host.WithScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(email));
        Assert.True(account?.EmailConfirmed, $"Opening {confirmationLink} did not confirm {email}.");

        await SignInAsync(page, email, password);
        await Expect(page.Locator("form.logout button")).ToBeVisibleAsync();
    });

    [GeneratedRegex(@"/Identity/Account/Register(\?.*)?$", RegexOptions.IgnoreCase)]
    private static partial Regex RegisterPage();
}
