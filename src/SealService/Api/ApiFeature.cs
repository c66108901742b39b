namespace SealService.Api;

/// <summary>The public JSON API (/api/v1/...) and its OpenAPI document.</summary>
public static class ApiFeature
{
    public static IServiceCollection AddApiFeature(this IServiceCollection services)
    {
        services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "SealService public API";
            document.Info.Description = "Certificate status, verification of scanned QR codes and the registry of certified products.";
            return Task.CompletedTask;
        }));
        return services;
    }

    public static IEndpointRouteBuilder MapApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/api/v1/openapi.json");
        endpoints.MapPublicApi();
        return endpoints;
    }
}
