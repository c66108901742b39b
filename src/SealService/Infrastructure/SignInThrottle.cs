using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Filters;

namespace SealService.Infrastructure;

public sealed class SignInProtectionOptions
{
    public const string Section = "SignIn";

    /// <summary>Form posts per minute and client address to the sign-in, registration, reset and two-factor pages.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerMinutePerAddress { get; set; } = 20;

    /// <summary>Form posts per minute and account (e-mail address or two-factor user), from all addresses together.</summary>
    [Range(1, 10_000_000)]
    public int PermitsPerMinutePerAccount { get; set; } = 10;

    /// <summary>Failed sign-ins of one account before each further attempt has to wait (1 s, 2 s, 4 s, ... up to <see cref="MaxDelaySeconds"/>).</summary>
    [Range(1, 1000)]
    public int FreeFailures { get; set; } = 3;

    [Range(1, 86_400)]
    public int MaxDelaySeconds { get; set; } = 300;

    /// <summary>At this many failed sign-ins in a row the account's owner gets a mail.</summary>
    [Range(1, 1000)]
    public int NotifyAfterFailures { get; set; } = 5;
}

/// <summary>Marks a page whose form posts are rate-limited per client address and per account (sign-in, registration, reset, two-factor).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SignInThrottledAttribute : Attribute
{
}

/// <summary>
/// Guessing protection without a hard lockout. A hard lockout lets anyone who knows a staff address keep that person out
/// by guessing; instead failed sign-ins make the next attempt for that account wait (a delay that doubles, capped), the
/// owner gets a mail, and a browser the owner signed in with before (a protected device cookie) is exempt from the
/// account's delay and budget, so the owner can still sign in while someone else guesses. Unknown and known addresses
/// are treated alike, so the delay reveals nothing.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private const string DeviceCookie = "SealService.Device";
    private readonly IDataProtector _protector;
    private readonly TimeProvider _time;
    private readonly SignInProtectionOptions _options;
    private readonly PartitionedRateLimiter<string> _addresses;
    private readonly PartitionedRateLimiter<string> _accounts;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    public SignInThrottle(IDataProtectionProvider protection, TimeProvider time, IOptions<SignInProtectionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(protection);
        ArgumentNullException.ThrowIfNull(options);
        _protector = protection.CreateProtector("SealService.SignInDevice");
        _time = time;
        _options = options.Value;
        _addresses = Limiter(_options.PermitsPerMinutePerAddress);
        _accounts = Limiter(_options.PermitsPerMinutePerAccount);
    }

    public static string AccountKey(string emailOrUserId) => emailOrUserId.Trim().ToUpperInvariant();

    /// <summary>Takes a permit for the client address and the account; null when allowed, otherwise how long to wait.</summary>
    public TimeSpan? Acquire(HttpContext context, string? account)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var byAddress = _addresses.AttemptAcquire(context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        if (!byAddress.IsAcquired)
        {
            return RetryAfter(byAddress);
        }

        if (account is null)
        {
            return null;
        }

        using var byAccount = _accounts.AttemptAcquire(IsTrustedDevice(context, account) ? "device|" + account : account);
        return byAccount.IsAcquired ? null : RetryAfter(byAccount);
    }

    /// <summary>How long an untrusted client must still wait before the next sign-in attempt for this account, if at all.</summary>
    public TimeSpan? Delay(HttpContext context, string account)
    {
        if (IsTrustedDevice(context, account) || !_failures.TryGetValue(account, out var failures))
        {
            return null;
        }

        var wait = failures.NextAttempt - _time.GetUtcNow();
        return wait > TimeSpan.Zero ? wait : null;
    }

    /// <summary>Counts a failed attempt; answers true exactly when the owner should be told (the threshold was just reached).</summary>
    public bool Failed(string account)
    {
        var now = _time.GetUtcNow();
        var state = _failures.AddOrUpdate(account, _ => new Failures(1, now), (_, old) =>
        {
            var count = old.Count + 1;
            var excess = count - _options.FreeFailures;
            var delay = excess <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(_options.MaxDelaySeconds, Math.Pow(2, Math.Min(excess - 1, 20))));
            return new Failures(count, now + delay);
        });
        if (_failures.Count > 100_000)
        {
            // Guessing over many made-up addresses must not grow memory without bound: forget settled entries.
            foreach (var (key, value) in _failures)
            {
                if (value.NextAttempt < now.AddHours(-1))
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }

        return state.Count == _options.NotifyAfterFailures;
    }

    /// <summary>A successful sign-in clears the failures and remembers this browser as the owner's.</summary>
    public void Succeeded(HttpContext context, string account)
    {
        ArgumentNullException.ThrowIfNull(context);
        _failures.TryRemove(account, out _);
        context.Response.Cookies.Append(DeviceCookie, _protector.Protect(account), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            Expires = _time.GetUtcNow().AddDays(180),
        });
    }

    public bool IsTrustedDevice(HttpContext context, string account)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Request.Cookies[DeviceCookie] is not { Length: > 0 } cookie)
        {
            return false;
        }

        try
        {
            return string.Equals(_protector.Unprotect(cookie), account, StringComparison.Ordinal);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        _addresses.Dispose();
        _accounts.Dispose();
    }

    public static IActionResult TooManyRequests(HttpContext context, TimeSpan wait)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return new StatusCodeResult(StatusCodes.Status429TooManyRequests);
    }

    private static TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);

    private static PartitionedRateLimiter<string> Limiter(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private sealed record Failures(int Count, DateTimeOffset NextAttempt);
}

/// <summary>Applies <see cref="SignInThrottle.Acquire"/> to every form post of a page marked <see cref="SignInThrottledAttribute"/>, before its handler runs.</summary>
public sealed class SignInThrottleFilter(SignInThrottle throttle) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var http = context.HttpContext;
        if (HttpMethods.IsPost(http.Request.Method)
            && context.ActionDescriptor.ModelTypeInfo?.IsDefined(typeof(SignInThrottledAttribute), inherit: false) == true)
        {
            var wait = throttle.Acquire(http, await AccountOfAsync(http));
            if (wait is { } retryAfter)
            {
                context.Result = SignInThrottle.TooManyRequests(http, retryAfter);
                return;
            }
        }

        await next();
    }

    /// <summary>The account a post is about: the e-mail address in the form, or the user between password and second factor.</summary>
    private static async Task<string?> AccountOfAsync(HttpContext http)
    {
        if (http.Request.HasFormContentType && (await http.Request.ReadFormAsync(http.RequestAborted))["Input.Email"].ToString() is { Length: > 0 } email)
        {
            return SignInThrottle.AccountKey(email);
        }

        var twoFactor = await http.AuthenticateAsync(IdentityConstants.TwoFactorUserIdScheme);
        return twoFactor.Principal?.Identity?.Name is { Length: > 0 } userId ? SignInThrottle.AccountKey(userId) : null;
    }
}
