using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SealService.Infrastructure.Telemetry;

/// <summary>
/// The service's own instruments, next to what ASP.NET Core, EF Core and HttpClient report by themselves.
/// Exported over OTLP by <see cref="TelemetryRegistration"/>; names follow the OpenTelemetry naming guidelines.
/// </summary>
public sealed class SealMetrics
{
    public const string MeterName = "SealService";

    /// <summary>Spans for work that is not an HTTP request (background jobs, issuance).</summary>
    public static readonly ActivitySource ActivitySource = new("SealService");

    private readonly Counter<long> _sealsIssued;
    private readonly Counter<long> _verifications;
    private readonly Counter<long> _mailsSent;
    private readonly Counter<long> _mailsFailed;
    private readonly Histogram<double> _queueWait;

    public SealMetrics(IMeterFactory meters, GaugeSnapshot gauges)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(gauges);
        var meter = meters.Create(MeterName);
        _sealsIssued = meter.CreateCounter<long>("sealservice.seals.issued", "{seal}", "Seals issued (signed and committed)");
        _verifications = meter.CreateCounter<long>("sealservice.verifications", "{verification}", "Public verifications by verdict");
        _mailsSent = meter.CreateCounter<long>("sealservice.mails.sent", "{mail}", "Mails handed to the mail server or pickup folder");
        _mailsFailed = meter.CreateCounter<long>("sealservice.mails.failed", "{mail}", "Mail delivery attempts that failed (retried later)");
        _queueWait = meter.CreateHistogram<double>("sealservice.queue.wait", "s",
            "How long an application waited in a queue before someone took it (audit: submission to assignment; decision: recommendation to decision)");
        meter.CreateObservableGauge("sealservice.queue.oldest_waiting", () => gauges.Measure(GaugeSnapshot.QueuePrefix), "s",
            "Age of the oldest application waiting in each queue");
        meter.CreateObservableGauge("sealservice.outbox.oldest_age", () => gauges.Measure(GaugeSnapshot.OutboxPrefix), "s",
            "Age of the oldest mail not yet delivered");
    }

    public void SealIssued(string programId) => _sealsIssued.Add(1, new KeyValuePair<string, object?>("program", programId));

    /// <summary><paramref name="verdict"/> is the public verdict key (valid, expired, revoked, not-genuine, ...).</summary>
    public void Verified(string verdict, string channel) =>
        _verifications.Add(1, new KeyValuePair<string, object?>("verdict", verdict), new KeyValuePair<string, object?>("channel", channel));

    public void MailSent() => _mailsSent.Add(1);

    public void MailFailed() => _mailsFailed.Add(1);

    /// <summary><paramref name="queue"/> is "audit" or "decision".</summary>
    public void QueueWaited(string queue, TimeSpan waited) =>
        _queueWait.Record(Math.Max(0, waited.TotalSeconds), new KeyValuePair<string, object?>("queue", queue));
}
