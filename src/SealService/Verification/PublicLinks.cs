using Microsoft.Extensions.Options;
using SealService.Infrastructure;
using SealVerifier;

namespace SealService.Verification;

/// <summary>Absolute links the public sees: the configured public address, or the request's own when none is set (development).</summary>
public sealed class PublicLinks(IOptions<SealOptions> options, IHttpContextAccessor http)
{
    public string BaseUrl
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl))
            {
                return options.Value.PublicBaseUrl.TrimEnd('/');
            }

            var request = http.HttpContext?.Request;
            return request is null ? "" : $"{request.Scheme}://{request.Host}{request.PathBase}";
        }
    }

    /// <summary>The host name people should see in the address bar of a genuine verifier page.</summary>
    public string Host => Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) ? uri.Host : http.HttpContext?.Request.Host.Host ?? "";

    /// <summary>The landing page for a stored QR token (a bare token or the full QR URL).</summary>
    public string QrLandingUrl(string storedToken) =>
        QrToken.TryExtractToken(storedToken, out var token) ? $"{BaseUrl}{QrToken.PathSegment}{token}" : $"{BaseUrl}/Verify";

    public string LookUpUrl(string serial) => $"{BaseUrl}/Verify?serial={Uri.EscapeDataString(serial)}";
}
