using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SealService.Infrastructure.Telemetry;

/// <summary>
/// A value a feature can measure with a database query (queue ages, outbox age). Gauges are read on the metrics
/// exporter's thread; a query there could stall the export, so <see cref="GaugeSampler"/> samples them in the background
/// and the exporter reads the last sample.
/// </summary>
public interface IGaugeSource
{
    /// <summary>Returns (gauge name, tag value, seconds) triples; gauge names start with a <see cref="GaugeSnapshot"/> prefix.</summary>
    Task<IReadOnlyList<GaugeReading>> SampleAsync(IServiceProvider services, CancellationToken ct);
}

public sealed record GaugeReading(string Gauge, string Tag, double Seconds);

/// <summary>The last sample of every <see cref="IGaugeSource"/>.</summary>
public sealed class GaugeSnapshot
{
    public const string QueuePrefix = "queue";
    public const string OutboxPrefix = "outbox";

    private readonly ConcurrentDictionary<(string Gauge, string Tag), double> _values = new();

    public void Set(IEnumerable<GaugeReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        foreach (var reading in readings)
        {
            _values[(reading.Gauge, reading.Tag)] = reading.Seconds;
        }
    }

    public double? Get(string gauge, string tag) => _values.TryGetValue((gauge, tag), out var value) ? value : null;

    internal IEnumerable<Measurement<double>> Measure(string gauge) =>
        _values.Where(v => v.Key.Gauge == gauge)
            .Select(v => new Measurement<double>(v.Value, new KeyValuePair<string, object?>(gauge == QueuePrefix ? "queue" : "state", v.Key.Tag)))
            .ToList();
}
