using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration;

public sealed class TwoFactorRequiredFactory : SealServiceFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Security:RequireTwoFactorForStaff"] = "true" };
}

/// <summary>With the production switch on, staff sessions without a second factor are kept out of staff pages and told how to set it up.</summary>
public sealed class TwoFactorTests(TwoFactorRequiredFactory factory) : IClassFixture<TwoFactorRequiredFactory>
{
    [Fact]
    public async Task Staff_without_second_factor_is_sent_to_set_it_up()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        var response = await client.GetAsync(new Uri("/Admin/Programs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/AccessDenied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var denied = await client.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        var html = await denied.Content.ReadAsStringAsync();
        Assert.Contains("/Identity/Account/Manage/TwoFactorAuthentication", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_signed_in_with_authenticator_code_reaches_staff_pages()
    {
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var key = await factory.WithScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<AppUser>>();
            var user = (await users.FindByIdAsync(admin.Id))!;
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
            return (await users.GetAuthenticatorKeyAsync(user))!;
        });

        var client = factory.CreateBrowserClient();
        var login = await client.SubmitFormAsync("/Identity/Account/Login", new Dictionary<string, string>
        {
            ["Input.Email"] = admin.Email!,
            ["Input.Password"] = SealServiceFactory.Password,
        }, "form#account");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Contains("LoginWith2fa", login.Headers.Location?.OriginalString, StringComparison.Ordinal);

        var second = await client.SubmitFormAsync(login.Headers.Location!.OriginalString, new Dictionary<string, string>
        {
            ["Input.TwoFactorCode"] = Totp(key, DateTimeOffset.UtcNow),
        }, "form[method=post]:not(.inline)");
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);

        var response = await client.GetAsync(new Uri("/Admin/Programs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>RFC 6238 TOTP (SHA-1, 30 s, 6 digits) as an authenticator app computes it from the shared base32 key.</summary>
    private static string Totp(string base32Key, DateTimeOffset now)
    {
        var key = Base32Decode(base32Key);
        var counter = now.ToUnixTimeSeconds() / 30;
        var message = BitConverter.GetBytes(counter);
        if (BitConverter.IsLittleEndian)
        {
            Array.Reverse(message);
        }

#pragma warning disable CA5350 // RFC 6238 authenticator apps use HMAC-SHA1; this is the test computing what the app computes.
        var hash = System.Security.Cryptography.HMACSHA1.HashData(key, message);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Base32Decode(string input)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = 0;
        var value = 0;
        var output = new List<byte>();
        foreach (var c in input.TrimEnd('=').ToUpperInvariant())
        {
            value = (value << 5) | alphabet.IndexOf(c, StringComparison.Ordinal);
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(value >> (bits - 8)));
                bits -= 8;
            }
        }

        return [.. output];
    }

    [Fact]
    public async Task Applicants_do_not_need_a_second_factor()
    {
        var applicant = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(applicant.Email!);
        var response = await client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
