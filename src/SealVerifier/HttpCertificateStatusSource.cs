using System.Net;
using System.Text.Json;

namespace SealVerifier;

/// <summary>
/// Live status from the service's public API: <c>GET {serviceBaseUrl}/api/v1/certificates/{serial}</c>, reading
/// <c>status</c>, <c>statusSince</c> and <c>statusReason</c>. A 404 means the service does not know the serial.
/// </summary>
public sealed class HttpCertificateStatusSource : ICertificateStatusSource
{
    private const int MaxResponseBytes = 1024 * 1024;

    private readonly HttpClient _http;
    private readonly string _serviceBaseUrl;
    private readonly TimeProvider _time;

    /// <summary>Creates the source.</summary>
    /// <param name="http">The HTTP client (its lifetime belongs to the caller).</param>
    /// <param name="serviceBaseUrl">The service's public base URL, e.g. from <see cref="TrustList.ServiceUrl"/>.</param>
    /// <param name="time">Clock for <see cref="LiveStatus.FetchedAt"/>; defaults to the system clock.</param>
    public HttpCertificateStatusSource(HttpClient http, string serviceBaseUrl, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(serviceBaseUrl);
        _http = http;
        _serviceBaseUrl = serviceBaseUrl.TrimEnd('/');
        _time = time ?? TimeProvider.System;
    }

    /// <inheritdoc />
    /// <exception cref="HttpRequestException">The service answered with an error other than 404, or not with status JSON.</exception>
    public async Task<LiveStatus?> GetStatusAsync(string serial, CancellationToken ct)
    {
        var uri = new Uri($"{_serviceBaseUrl}/api/v1/certificates/{Uri.EscapeDataString(serial)}");
        using var response = await _http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        byte[] body;
        try
        {
            // Read with the cap: a hostile or broken server may send an endless body without a length.
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            body = await BoundedRead.StreamAsync(stream, MaxResponseBytes, "The status response", ct);
        }
        catch (FormatException ex)
        {
            throw new HttpRequestException(ex.Message, ex);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var state = root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                ? ParseState(status.GetString()!)
                : CertificateState.Unknown;
            DateTimeOffset? since = null;
            if (root.TryGetProperty("statusSince", out var sinceElement) && sinceElement.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(sinceElement.GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var parsed))
            {
                since = parsed.ToUniversalTime();
            }

            var reason = root.TryGetProperty("statusReason", out var reasonElement) && reasonElement.ValueKind == JsonValueKind.String
                ? reasonElement.GetString()
                : null;
            return new LiveStatus(state, since, reason, _time.GetUtcNow());
        }
        catch (JsonException ex)
        {
            throw new HttpRequestException("The status response is not JSON.", ex);
        }
    }

    internal static CertificateState ParseState(string status) => status.ToLowerInvariant() switch
    {
        "active" => CertificateState.Active,
        "suspended" => CertificateState.Suspended,
        "revoked" => CertificateState.Revoked,
        "expired" => CertificateState.Expired,
        "superseded" => CertificateState.Superseded,
        _ => CertificateState.Unknown,
    };
}
