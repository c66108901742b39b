using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using SealService.Infrastructure.Telemetry;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Operations;

/// <summary>
/// Telemetry as an operator sets it up: the standard OTEL_* settings point the service at an OTLP collector (here a
/// plain HTTP listener on loopback that records what arrives), and the service's own instruments are in the export.
/// </summary>
public sealed class TelemetryTests : IClassFixture<TelemetryTests.CollectorFactory>
{
    private readonly CollectorFactory _factory;

    public TelemetryTests(CollectorFactory factory) => _factory = factory;

    [Fact]
    public async Task Liveness_and_readiness_answer_separately()
    {
        using var client = _factory.CreateClient();
        var live = await client.GetAsync(new Uri("/healthz/live", UriKind.Relative));
        var ready = await client.GetAsync(new Uri("/healthz/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Verifications_are_counted_by_verdict()
    {
        var seal = await _factory.Issuer.IssueAsync(_factory);
        var meters = _factory.Services.GetRequiredService<IMeterFactory>();
        var counted = new ConcurrentBag<(long Value, string? Verdict)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this host's meter: other test hosts in the same process have their own.
            if (instrument.Meter.Scope == meters && instrument.Name == "sealservice.verifications")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? verdict = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "verdict")
                {
                    verdict = tag.Value as string;
                }
            }

            counted.Add((value, verdict));
        });
        listener.Start();

        using var client = _factory.CreateClient();
        (await client.GetAsync(new Uri(seal.LandingPath, UriKind.Relative))).EnsureSuccessStatusCode();
        (await client.GetAsync(new Uri("/V/NOT-A-TOKEN-AT-ALL", UriKind.Relative))).EnsureSuccessStatusCode();

        Assert.Contains(counted, c => c is { Value: 1, Verdict: "valid" });
        Assert.Contains(counted, c => c is { Value: 1, Verdict: "not-genuine" });
    }

    [Fact]
    public async Task Traces_and_metrics_reach_the_otlp_collector_named_by_the_standard_settings()
    {
        var seal = await _factory.Issuer.IssueAsync(_factory);
        using var client = _factory.CreateClient();
        (await client.GetAsync(new Uri(seal.LandingPath, UriKind.Relative))).EnsureSuccessStatusCode();

        var traces = await _factory.Collector.WaitForAsync("/v1/traces", body => Contains(body, "SealService"), TimeSpan.FromSeconds(20));
        var metrics = await _factory.Collector.WaitForAsync("/v1/metrics", body => Contains(body, "sealservice.verifications"), TimeSpan.FromSeconds(20));
        Assert.True(traces, "no trace export named the service");
        Assert.True(metrics, "no metrics export carried sealservice.verifications");
    }

    private static bool Contains(byte[] body, string text) => body.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    public sealed class CollectorFactory : VerifyFactory
    {
        public FakeOtlpCollector Collector { get; } = new();

        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = Collector.Endpoint;
                settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
                settings["OTEL_BSP_SCHEDULE_DELAY"] = "100";
                settings["OTEL_METRIC_EXPORT_INTERVAL"] = "200";
                return settings;
            }
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                Collector.Dispose();
            }
        }
    }

    /// <summary>Accepts OTLP/HTTP posts on a free loopback port and keeps the bodies by path.</summary>
    public sealed class FakeOtlpCollector : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

        public FakeOtlpCollector()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            Endpoint = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Endpoint + "/");
            _listener.Start();
            _ = Task.Run(ServeAsync);
        }

        public string Endpoint { get; }

        public async Task<bool> WaitForAsync(string path, Func<byte[], bool> match, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (DateTime.UtcNow < deadline)
            {
                if (_received.Any(r => r.Path == path && match(r.Body)))
                {
                    return true;
                }

                await Task.Delay(100);
            }

            return false;
        }

        private async Task ServeAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
                context.Response.StatusCode = 200;
                context.Response.Close();
            }
        }

        public void Dispose() => _listener.Close();
    }
}
