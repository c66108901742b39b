using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SealService.Demo;
using SealService.Data;
using SealService.EndToEnd.Support;
using static Microsoft.Playwright.Assertions;

namespace SealService.EndToEnd.Journeys;

/// <summary>
/// The admin brings a new auditor on board (account, invitation mail, own password, audit queue) and later locks the
/// account, after which the auditor can no longer sign in.
/// </summary>
public sealed partial class AdminJourney(EndToEndFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public Task Admin_invites_an_auditor_who_sets_a_password_and_is_locked_out_later() => JourneyAsync(async () =>
    {
        await SeedDemoAsync();
        var email = $"auditor-{Guid.NewGuid():N}@e2e.example";
        const string password = "Auditor-Journey-2026";

        var admin = await NewDesktopPageAsync();
        await SignInAsync(admin, DemoSeeder.AdminEmail, DemoSeeder.DemoPassword);
        await admin.GotoAsync("/Admin");
        await admin.AssertAccessibleAsync();
        await Expect(admin.Locator("h1")).ToHaveTextAsync("Administration");

        await admin.GotoAsync("/Admin/Users/New");
        await admin.AssertAccessibleAsync();
        await admin.FillAsync("#Input_Email", email);
        await admin.FillAsync("#Input_DisplayName", "Ada Auditor");
        await admin.CheckAsync("form#new-staff input[name='Input.Roles'][value='Auditor']");
        await PostAsync(admin, "form#new-staff button[type=submit]");
        await Expect(admin).ToHaveURLAsync(UserDetailsPage());
        await Expect(admin.Locator("#account")).ToContainTextAsync(email);
        var userDetails = admin.Url;

        var invitation = await ReadLatestMailLinkAsync(email);
        Assert.StartsWith($"{Host.BaseUrl}/Identity/Account/ResetPassword?", invitation, StringComparison.Ordinal);
        await SignOutAsync(admin);

        var auditor = await NewPhonePageAsync();
        await auditor.GotoAsync(invitation);
        await auditor.AssertAccessibleAsync();
        var emailField = auditor.Locator("#Input_Email");
        if (string.IsNullOrEmpty(await emailField.InputValueAsync()))
        {
            await emailField.FillAsync(email);
        }

        await auditor.FillAsync("#Input_Password", password);
        await auditor.FillAsync("#Input_ConfirmPassword", password);
        await auditor.ClickAsync("#reset-submit");
        await Expect(auditor.Locator("#reset-done")).ToBeVisibleAsync();

        await SignInAsync(auditor, email, password);
        var queue = await auditor.GotoAsync("/Audit");
        await auditor.AssertAccessibleAsync();
        Assert.Equal(200, queue!.Status);
        await Expect(auditor.Locator("h1")).ToHaveTextAsync("Audit queue");
        await SignOutAsync(auditor);

        await SignInAsync(admin, DemoSeeder.AdminEmail, DemoSeeder.DemoPassword);
        await admin.GotoAsync(userDetails);
        await admin.AssertAccessibleAsync();
        await PostAsync(admin, "form#lock button[type=submit]");
        await Expect(admin.Locator("form#unlock")).ToBeVisibleAsync();

        var locked = await NewPhonePageAsync();
        await locked.GotoAsync("/Identity/Account/Login");
        await locked.AssertAccessibleAsync();
        await locked.FillAsync("#Input_Email", email);
        await locked.FillAsync("#Input_Password", password);
        await locked.ClickAsync("#login-submit");
        await Expect(locked).ToHaveURLAsync(LockoutPage());
        await Expect(locked.Locator("#locked-out")).ToBeVisibleAsync();
        await Expect(locked.Locator("form.logout")).ToHaveCountAsync(0);
        var audit = await locked.GotoAsync("/Audit");
        await locked.AssertAccessibleAsync();
        Assert.Contains("/Identity/Account/Login", audit!.Url, StringComparison.Ordinal);
    });

    private static async Task PostAsync(IPage page, string submit)
    {
        var response = await page.RunAndWaitForResponseAsync(() => page.ClickAsync(submit), r => r.Request.Method == "POST");
        Assert.True(response.Status == 302, $"POST {response.Url} answered {response.Status} instead of redirecting.");
    }

    [GeneratedRegex(@"/Admin/Users/(?!New$)[^/?]+$")]
    private static partial Regex UserDetailsPage();

    [GeneratedRegex(@"/Identity/Account/Lockout$")]
    private static partial Regex LockoutPage();
}
