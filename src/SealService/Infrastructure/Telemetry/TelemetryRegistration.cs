using System.Reflection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SealService.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry traces and metrics with the standard <c>OTEL_*</c> settings (environment variables or configuration
/// keys of the same name), liveness and readiness endpoints, and log lines that carry the trace and span ids.
/// </summary>
public static class TelemetryRegistration
{
    /// <summary>Health check tag: checks that decide whether a node should receive traffic.</summary>
    public const string ReadyTag = "ready";

    private static readonly string[] OtlpEndpointKeys =
        ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"];

    public static WebApplicationBuilder AddSealTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<TelemetryOptions>().BindConfiguration(TelemetryOptions.Section);
        services.AddSingleton<GaugeSnapshot>();
        services.AddSingleton<SealMetrics>();
        services.AddHostedService<GaugeSampler>();

        // Every log line written inside a request or a traced job names its trace and span, so logs and traces join up.
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);

        var otel = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES are read by the SDK; the name below is only the default.
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService("SealService",
                        serviceVersion: typeof(TelemetryRegistration).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion,
                        serviceInstanceId: Environment.MachineName);
                }
            })
            .WithTracing(tracing => tracing
                .AddSource(SealMetrics.ActivitySource.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/healthz", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddSource("Npgsql"))
            .WithMetrics(metrics => metrics
                .AddMeter(SealMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("Npgsql"));

        // Export only where a collector is named: without one the exporter would retry localhost:4317 forever and log it.
        if (IsOtlpConfigured(configuration))
        {
            otel.UseOtlpExporter();
        }

        services.AddSingleton<SchemaCheckMemo>();
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag])
            .AddCheck<SchemaHealthCheck>("schema", tags: [ReadyTag]);
        return builder;
    }

    public static bool IsOtlpConfigured(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase)
            && OtlpEndpointKeys.Any(key => !string.IsNullOrWhiteSpace(configuration[key]));
    }

    /// <summary>
    /// <c>/healthz/live</c>: the process answers (restart it if not). <c>/healthz/ready</c>: database reachable and schema
    /// current (send it traffic). <c>/healthz</c> stays as before: every check.
    /// </summary>
    public static WebApplication MapSealHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks("/healthz");
        app.MapHealthChecks("/healthz/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
