using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Admin;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Identity;

/// <summary>
/// Register, sign-in and reset answer alike for known and unknown addresses; guessing slows down instead of locking the
/// account, and the owner's own browser can still sign in.
/// </summary>
public sealed class AccountEnumerationTests(SealServiceFactory factory) : IClassFixture<SealServiceFactory>
{
    private const string WrongPassword = "Wrong-Password-2026";

    private static Dictionary<string, string> Login(string email, string password) => new()
    {
        ["Input.Email"] = email,
        ["Input.Password"] = password,
        ["Input.RememberMe"] = "false",
    };

    private async Task<(HttpStatusCode Status, string Errors)> LoginAsync(HttpClient client, string email, string password)
    {
        var response = await client.SubmitFormAsync("/Identity/Account/Login", Login(email, password), "form#account");
        var page = await HtmlForms.ParseAsync(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, page.QuerySelector(".validation-summary-errors")?.TextContent.Trim() ?? "");
    }

    private async Task<string[]> MailsTo(string email) =>
        (await factory.PickupMailsAsync()).Where(m => m.Contains(email, StringComparison.OrdinalIgnoreCase)).ToArray();

    [Fact]
    public async Task Register_with_a_taken_address_answers_like_a_new_one_and_mails_the_owner_instead()
    {
        var owner = await factory.CreateUserAsync(Roles.Applicant);
        var client = factory.CreateBrowserClient();
        Dictionary<string, string> Form(string email) => new()
        {
            ["Input.DisplayName"] = "Mallory",
            ["Input.Email"] = email,
            ["Input.Password"] = "Another-Password-2026",
            ["Input.ConfirmPassword"] = "Another-Password-2026",
        };

        var fresh = $"fresh-{Guid.NewGuid():N}@test.example";
        var forNew = await client.SubmitFormAsync("/Identity/Account/Register", Form(fresh));
        var forTaken = await client.SubmitFormAsync("/Identity/Account/Register", Form(owner.Email!));

        Assert.Equal(HttpStatusCode.Redirect, forNew.StatusCode);
        Assert.Equal(forNew.StatusCode, forTaken.StatusCode);
        static string WithoutAddress(Uri location) => System.Text.RegularExpressions.Regex.Replace(location.OriginalString, "email=[^&]*", "email=X");
        Assert.Equal(WithoutAddress(forNew.Headers.Location!), WithoutAddress(forTaken.Headers.Location!));
        Assert.DoesNotContain("taken", await forTaken.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        var mail = Assert.Single(await MailsTo(owner.Email!));
        Assert.Contains("already has one", mail, StringComparison.Ordinal);
        var unchanged = await factory.WithScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(owner.Id));
        Assert.Equal(owner.DisplayName, unchanged!.DisplayName);
        Assert.True(await factory.WithScopeAsync(sp => sp.GetRequiredService<UserManager<AppUser>>().CheckPasswordAsync(unchanged, SealServiceFactory.Password)));
    }

    [Fact]
    public async Task A_wrong_password_gets_the_same_answer_for_unknown_unconfirmed_locked_and_normal_accounts()
    {
        var normal = await factory.CreateUserAsync(Roles.Applicant);
        var unconfirmed = await factory.CreateUserAsync(Roles.Applicant);
        var locked = await factory.CreateUserAsync(Roles.Auditor);
        await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(unconfirmed.Id))!;
            u.EmailConfirmed = false;
            await users.UpdateAsync(u);
            var l = (await users.FindByIdAsync(locked.Id))!;
            await users.SetLockoutEndDateAsync(l, DateTimeOffset.MaxValue);
        });
        var client = factory.CreateBrowserClient();

        var answers = new List<(HttpStatusCode Status, string Errors)>();
        foreach (var email in new[] { $"nobody-{Guid.NewGuid():N}@test.example", normal.Email!, unconfirmed.Email!, locked.Email! })
        {
            answers.Add(await LoginAsync(client, email, WrongPassword));
        }

        Assert.All(answers, a => Assert.Equal(answers[0], a));
        Assert.Equal(HttpStatusCode.OK, answers[0].Status);
        Assert.Contains("E-mail or password is not correct.", answers[0].Errors, StringComparison.Ordinal);

        // Only the right password learns what is wrong with the account.
        Assert.Contains("confirm your e-mail address", (await LoginAsync(client, unconfirmed.Email!, SealServiceFactory.Password)).Errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_and_known_addresses_take_about_the_same_time()
    {
        var client = factory.CreateBrowserClient();
        var known = new List<TimeSpan>();
        var unknown = new List<TimeSpan>();
        for (var i = 0; i < 7; i++)
        {
            var user = await factory.CreateUserAsync(Roles.Applicant);
            var watch = Stopwatch.StartNew();
            await client.PostAsync(new Uri("/Identity/Account/Login", UriKind.Relative), await FormAsync(client, user.Email!));
            known.Add(watch.Elapsed);
            watch.Restart();
            await client.PostAsync(new Uri("/Identity/Account/Login", UriKind.Relative), await FormAsync(client, $"nobody-{Guid.NewGuid():N}@test.example"));
            unknown.Add(watch.Elapsed);
        }

        var ratio = Median(known) / Median(unknown);
        Assert.True(ratio is > 0.33 and < 3, $"known {Median(known)} ms, unknown {Median(unknown)} ms");
    }

    private static async Task<FormUrlEncodedContent> FormAsync(HttpClient client, string email)
    {
        var token = (await client.GetDocumentAsync("/Identity/Account/Login")).AntiforgeryToken()!;
        return new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.Email", email), new("Input.Password", WrongPassword), new("Input.RememberMe", "false")]);
    }

    private static double Median(List<TimeSpan> values) => values.Select(v => v.TotalMilliseconds).Order().ElementAt(values.Count / 2);

    [Fact]
    public async Task Guessing_slows_down_with_429_but_never_locks_the_owner_out_and_the_owner_is_told()
    {
        var staff = await factory.CreateUserAsync(Roles.Admin);
        var owner = await factory.CreateBrowserClient().SignInAsync(staff.Email!);
        var attacker = factory.CreateBrowserClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 8; i++)
        {
            var response = await attacker.SubmitFormAsync("/Identity/Account/Login", Login(staff.Email!, WrongPassword), "form#account");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.Parse(Assert.Single(response.Headers.GetValues("Retry-After")), System.Globalization.CultureInfo.InvariantCulture) >= 1);
                factory.Time.Advance(TimeSpan.FromMinutes(10));
            }
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.DoesNotContain(statuses, s => s == HttpStatusCode.Redirect);

        // Right now the attacker waits, but the owner's browser (signed in before) gets in, and nothing was locked.
        await attacker.SubmitFormAsync("/Identity/Account/Login", Login(staff.Email!, WrongPassword), "form#account");
        var ownerAgain = await owner.SubmitFormAsync("/Identity/Account/Login", Login(staff.Email!, SealServiceFactory.Password), "form#account");
        Assert.Equal(HttpStatusCode.Redirect, ownerAgain.StatusCode);
        Assert.DoesNotContain("Lockout", ownerAgain.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var lockoutEnd = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Users.Where(u => u.Id == staff.Id).Select(u => u.LockoutEnd).SingleAsync());
        Assert.Null(lockoutEnd);

        var warning = Assert.Single(await MailsTo(staff.Email!));
        Assert.Contains("not locked", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forgot_password_answers_alike_for_known_and_unknown_addresses()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        var client = factory.CreateBrowserClient();

        var known = await client.SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        var unknown = await client.SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = $"nobody-{Guid.NewGuid():N}@test.example" });

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        var knownText = (await HtmlForms.ParseAsync(await known.Content.ReadAsStringAsync())).QuerySelector("main")?.TextContent;
        var unknownText = (await HtmlForms.ParseAsync(await unknown.Content.ReadAsStringAsync())).QuerySelector("main")?.TextContent;
        Assert.Equal(knownText, unknownText);
    }
}

public sealed class AddressLimitedFactory : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SignIn:PermitsPerMinutePerAddress"] = "5" };
}

public sealed class AccountLimitedFactory : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["SignIn:PermitsPerMinutePerAccount"] = "3" };
}

public sealed class SignInAddressLimitTests(AddressLimitedFactory factory) : IClassFixture<AddressLimitedFactory>
{
    [Fact]
    public async Task Posts_to_sign_in_register_reset_and_two_factor_share_a_per_address_budget_and_get_429()
    {
        var client = factory.CreateBrowserClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
            {
                ["Input.Email"] = $"guess-{i}@test.example",
                ["Input.Password"] = "Wrong-Password-2026",
            }, "form#account");
            statuses.Add(response.StatusCode);
        }

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        foreach (var page in new[] { "/Identity/Account/Login", "/Identity/Account/Register", "/Identity/Account/ForgotPassword", "/Identity/Account/LoginWith2fa" })
        {
            var token = (await client.GetDocumentAsync("/Identity/Account/Login")).AntiforgeryToken()!;
            var response = await client.PostAsync(new Uri(page, UriKind.Relative), new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("Input.Email", "x@test.example")]));
            Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"POST {page} answered {(int)response.StatusCode}");
            Assert.Single(response.Headers.GetValues("Retry-After"));
        }

        // Reading pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/Identity/Account/Login", UriKind.Relative))).StatusCode);
    }
}

public sealed class SignInAccountLimitTests(AccountLimitedFactory factory) : IClassFixture<AccountLimitedFactory>
{
    [Fact]
    public async Task Posts_about_one_account_from_many_clients_get_429_and_other_accounts_stay_open()
    {
        var target = $"target-{Guid.NewGuid():N}@test.example";
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            // A fresh client each time: changing addresses or cookies does not reset the account's budget.
            var response = await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = target });
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var other = await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = $"other-{Guid.NewGuid():N}@test.example" });
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
