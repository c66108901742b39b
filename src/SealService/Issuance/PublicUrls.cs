using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using SealService.Infrastructure;

namespace SealService.Issuance;

/// <summary>
/// The public address of the service as it appears in QR codes, payloads and the trust list. Configured with
/// <c>Seal:PublicBaseUrl</c>; Development falls back to the first listening address.
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

    public string Certificate(string serial, string file) => $"{BaseUrl}/certificates/{Uri.EscapeDataString(serial)}/{file}";

    public string Api(string serial, string file) => $"{BaseUrl}/api/v1/certificates/{Uri.EscapeDataString(serial)}/{file}";
}
