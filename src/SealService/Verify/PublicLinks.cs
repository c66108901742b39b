using SealVerifier;

namespace SealService.Verify;

/// <summary>
/// Links the public verifier and API hand out, on the same public address as the QR codes (<see cref="PublicUrls"/>).
/// Only the address-bar hint falls back to the request's host when no public address is configured (development).
/// </summary>
public sealed class PublicLinks(PublicUrls urls, IOptions<SealOptions> options, IHttpContextAccessor http)
{
    public string BaseUrl => urls.BaseUrl;

    /// <summary>The host name people should see in the address bar of a genuine verifier page.</summary>
    public string Host =>
        !string.IsNullOrWhiteSpace(options.Value.PublicBaseUrl) && Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri)
            ? uri.Host
            : http.HttpContext?.Request.Host.Host ?? "";

    /// <summary>The landing page for a stored QR token (a bare token or the full QR URL).</summary>
    public string QrLandingUrl(string storedToken) =>
        QrToken.TryExtractToken(storedToken, out var token) ? $"{BaseUrl}{QrToken.PathSegment}{token}" : $"{BaseUrl}/Verify";

    public string LookUpUrl(string serial) => $"{BaseUrl}/Verify?serial={Uri.EscapeDataString(serial)}";
}
