using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
namespace SealService.Infrastructure;

/// <summary>
/// The public address of the service as it appears in QR codes, payloads, the trust list and every link in an e-mail.
/// Configured with <c>Seal:PublicBaseUrl</c>; Development falls back to the first listening address. Never the request's
/// Host header: a link mailed from a request with a forged host (password reset) must not lead elsewhere.
/// </summary>
public sealed class PublicUrls(IOptions<SealOptions> seal, IServiceProvider services, IConfiguration configuration)
{
    public string BaseUrl
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(seal.Value.PublicBaseUrl))
            {
                return seal.Value.PublicBaseUrl.TrimEnd('/');
            }

            var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
            var address = addresses?.FirstOrDefault()
                ?? configuration["urls"]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? "http://localhost:5000";
            return address.Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .TrimEnd('/');
        }
    }

    /// <summary>The absolute URL of an app-relative path such as <c>/Apply/Application/{id}</c> or the result of <c>Url.Page(...)</c>.</summary>
    public string Absolute(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return $"{BaseUrl}/{path.TrimStart('/')}";
    }

    public string Certificate(string serial, string file) => $"{BaseUrl}/certificates/{Uri.EscapeDataString(serial)}/{file}";

    public string Api(string serial, string file) => $"{BaseUrl}/api/v1/certificates/{Uri.EscapeDataString(serial)}/{file}";
}
