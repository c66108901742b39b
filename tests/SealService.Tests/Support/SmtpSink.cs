using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SealService.Admin;

namespace SealService.Tests.Support;

/// <summary>
/// A real SMTP server process on loopback (Support/smtp_sink.py on Debian's python3-aiosmtpd, installed by test.sh) that
/// stores what it receives in a folder. <see cref="Stop"/> and <see cref="Start"/> simulate an outage on the same port.
/// </summary>
public sealed class SmtpSink : IDisposable
{
    private Process? _process;

    public SmtpSink()
    {
        Port = FreePort();
        Start();
    }

    public int Port { get; }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "sealservice-smtp", Guid.NewGuid().ToString("N"));

    public bool IsRunning => _process is { HasExited: false };

    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        Directory.CreateDirectory(Folder);
        var script = Path.Combine(AppContext.BaseDirectory, "Support", "smtp_sink.py");
        var start = new ProcessStartInfo(Python(), [script, "127.0.0.1", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var ready = _process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "ready")
        {
            var error = _process.HasExited ? _process.StandardError.ReadToEnd() : "no answer within 20 s";
            Stop();
            throw new InvalidOperationException($"The SMTP sink did not start (is python3-aiosmtpd installed? test.sh installs it): {error}");
        }
    }

    /// <summary>Ends the server process: from now on connections to <see cref="Port"/> are refused.</summary>
    public void Stop()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
        _process = null;
    }

    /// <summary>Every message received so far (parsed with MimeKit) with the envelope recipients the server saw.</summary>
    public IReadOnlyList<ReceivedMail> Messages() =>
        Directory.Exists(Folder)
            ? Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(ReceivedMail.Load).ToList()
            : [];

    /// <summary>Waits until at least <paramref name="count"/> messages match (the background sender may still be at work).</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(Func<ReceivedMail, bool> match, int count = 1, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var found = Messages().Where(match).ToList();
            if (found.Count >= count || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        Stop();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left to the OS's temp cleanup.
        }
    }

    private static string Python() => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>One message as the SMTP server stored it: the raw bytes, the parsed message and the envelope recipients.</summary>
public sealed record ReceivedMail(string Raw, MimeMessage Message, IReadOnlyList<string> EnvelopeTo)
{
    public static ReceivedMail Load(string file)
    {
        var bytes = File.ReadAllBytes(file);
        using var stream = new MemoryStream(bytes);
        var message = MimeMessage.Load(stream);
        var envelope = (message.Headers["X-Sink-Rcpt-To"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ReceivedMail(System.Text.Encoding.UTF8.GetString(bytes), message, envelope);
    }

    public bool IsTo(string address) => EnvelopeTo.Contains(address, StringComparer.OrdinalIgnoreCase);

    public string Html => Message.HtmlBody ?? "";

    public string Text => Message.TextBody ?? "";
}

/// <summary>The app with mail over SMTP to its own <see cref="SmtpSink"/>.</summary>
public sealed class SmtpSealServiceFactory : SealServiceFactory
{
    public const string From = "Prüfstelle Example <seals@example.org>";

    public SmtpSink Smtp { get; } = new();

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:UseStartTls"] = "false",
        ["Mail:From"] = From,
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Smtp.Dispose();
        }
    }
}
