using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SealService.Tests.Support;

/// <summary>
/// Runs the built SealService.dll as its own process, the way the README's production path does (<c>dotnet SealService.dll</c>
/// from the application folder), with a clean environment: nothing the test runner or a developer set leaks in.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _error = new();

    private ServiceProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { lock (_output) { _output.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (_error) { _error.AppendLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The application folder: the SealService project's own build output in the configuration the tests were built in.</summary>
    public static string ApplicationFolder
    {
        get
        {
            var testFolder = new DirectoryInfo(AppContext.BaseDirectory);
            var framework = testFolder.Name;
            var configuration = testFolder.Parent!.Name;
            var repository = testFolder;
            while (repository is not null && !File.Exists(Path.Combine(repository.FullName, "SealService.sln")))
            {
                repository = repository.Parent;
            }

            var folder = Path.Combine(repository?.FullName ?? throw new InvalidOperationException("SealService.sln not found above the test folder."),
                "src", "SealService", "bin", configuration, framework);
            return File.Exists(Path.Combine(folder, "SealService.dll")) ? folder : throw new InvalidOperationException($"No SealService.dll in {folder}; build the solution first.");
        }
    }

    public string Output { get { lock (_output) { return _output.ToString(); } } }

    public string Error { get { lock (_error) { return _error.ToString(); } } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServiceProcess Start(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = ApplicationFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("SealService.dll");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A fresh machine: none of the service's settings, no environment name, no launch-profile default.
        foreach (var key in start.Environment.Keys.ToList())
        {
            if (key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("SEALSERVICE_", StringComparison.OrdinalIgnoreCase) || key.Contains("__", StringComparison.Ordinal))
            {
                start.Environment.Remove(key);
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ServiceProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start."));
    }

    /// <summary>Runs to the end; a process that does not end within <paramref name="limit"/> is killed and the test fails: nothing may hang.</summary>
    public static async Task<(int Exit, string Out, string Error, TimeSpan Took)> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan limit, params string[] arguments)
    {
        var watch = Stopwatch.StartNew();
        await using var process = Start(environment, arguments);
        var ended = await process.WaitForExitAsync(limit);
        Assert.True(ended, $"'{string.Join(' ', arguments)}' did not end within {limit.TotalSeconds} s.\nstdout:\n{process.Output}\nstderr:\n{process.Error}");
        return (process.ExitCode, process.Output, process.Error, watch.Elapsed);
    }

    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            _process.WaitForExit(); // drains the asynchronous output readers
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGKILL, like <c>kill -9</c>: the process gets no chance to clean up.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
