using System.Diagnostics;
using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

using Xunit.Abstractions;
using SealService.Admin;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Issuance;

/// <summary>
/// The real service as its own process, killed with SIGKILL at random moments while a certifier approves. Whatever the
/// moment, every application must end either still waiting for the decision, or issued exactly once; an approval whose
/// issuance was cut off is retried when the service starts again, never left silently stranded.
/// </summary>
public sealed class CrashDuringApprovalTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Killed approvals, plus one undisturbed approval first.</summary>
    private const int Runs = 30;
    private const string Passphrase = "test-only-passphrase";
    private readonly string _data = Path.Combine(Path.GetTempPath(), "sealservice-tests", "crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Killing_the_service_during_approval_never_strands_an_approved_application()
    {
        var (certifierEmail, applications) = await PrepareAsync();
        var seed = Environment.TickCount;
        output.WriteLine($"random seed {seed}");
        var random = new Random(seed);

        // The first approval runs undisturbed: how long approval plus issuance take on this machine sets the kill window.
        var window = TimeSpan.Zero;
        foreach (var applicationId in applications)
        {
            await using var service = await RunningService.StartAsync(_data, Passphrase);
            using var client = service.Client();
            await client.SignInAsync(certifierEmail);
            var page = await client.GetDocumentAsync($"/Certify/Application/{applicationId}");
            var clock = Stopwatch.StartNew();
            var decision = client.SubmitFormAsync(page, $"/Certify/Application/{applicationId}", new Dictionary<string, string>
            {
                ["Decision.Approve"] = "true",
                ["Decision.Reason"] = "Audit result confirmed.",
            }, "form#decision-form");
            if (window == TimeSpan.Zero)
            {
                var answer = await decision;
                Assert.True(answer.StatusCode == HttpStatusCode.Redirect,
                    (await HtmlForms.ParseAsync(await answer.Content.ReadAsStringAsync())).QuerySelector(".error, [role=alert]")?.TextContent);
                window = clock.Elapsed * 1.3;
                output.WriteLine($"approval with issuance took {clock.ElapsedMilliseconds} ms; kills fall within {window.TotalMilliseconds:F0} ms");
                continue;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * window.TotalMilliseconds));
            await service.KillAsync();
            try
            {
                await decision;
            }
            catch (HttpRequestException)
            {
                // The connection died with the process: that is the point.
            }
        }

        // The next start heals what the kills left behind.
        output.WriteLine($"approved but not issued before the restart: {CountStranded()}");
        await using (var service = await RunningService.StartAsync(_data, Passphrase))
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (CountStranded() > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }

        var states = ReadStates();
        output.WriteLine(string.Join(", ", states.GroupBy(s => s.Status).Select(g => $"{g.Key}: {g.Count()}")));
        Assert.All(applications, id => Assert.Contains(states, s => s.Id == id));
        foreach (var state in states)
        {
            Assert.True(state.Status is "Recommended" or "Issued", $"application {state.Id} ended as {state.Status} with {state.Certificates} certificate(s)");
            Assert.Equal(state.Status == "Issued" ? 1 : 0, state.Certificates);
        }
    }

    private async Task<(string CertifierEmail, List<Guid> Applications)> PrepareAsync()
    {
        using var factory = new PreparingFactory(_data);
        var certifier = await factory.CreateUserAsync(Roles.Certifier);
        var auditor = await factory.CreateUserAsync(Roles.Auditor);
        var applications = new List<Guid>();
        for (var i = 0; i <= Runs; i++)
        {
            applications.Add((await IssuedCertificates.RecommendedAsync(factory, auditor)).Id);
        }

        return (certifier.Email!, applications);
    }

    private string ConnectionString => new SqliteConnectionStringBuilder
    {
        DataSource = Directory.GetFiles(_data, "*.db", SearchOption.AllDirectories).Single(),
        Mode = SqliteOpenMode.ReadOnly,
        Pooling = false,
    }.ToString();

    private int CountStranded()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM Applications a WHERE a.Status = 'Approved' AND NOT EXISTS (SELECT 1 FROM Certificates c WHERE c.ApplicationId = a.Id)";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private List<(Guid Id, string Status, int Certificates)> ReadStates()
    {
        using var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT a.Id, a.Status, (SELECT COUNT(*) FROM Certificates c WHERE c.ApplicationId = a.Id) FROM Applications a";
        using var reader = command.ExecuteReader();
        var states = new List<(Guid, string, int)>();
        while (reader.Read())
        {
            states.Add((reader.GetGuid(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return states;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Prepares the data folder in-process (same settings as the process below), then lets go of the database.</summary>
    private sealed class PreparingFactory(string data) : SealServiceFactory
    {
        protected override void ConfigureWebHost(Microsoft.AspNetCore.Hosting.IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Storage:DataDirectory", data);
            builder.UseSetting("Keys:Directory", Path.Combine(data, "keys"));
            builder.UseSetting("Keys:Passphrase", Passphrase);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>SealService.dll started with `dotnet` (<see cref="ServiceProcess"/>) on a free loopback port, ready to serve.</summary>
    private sealed class RunningService(ServiceProcess process, string baseUrl) : IAsyncDisposable
    {
        public static async Task<RunningService> StartAsync(string data, string passphrase)
        {
            var baseUrl = $"http://127.0.0.1:{ServiceProcess.FreePort()}";
            var process = ServiceProcess.Start(new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Testing",
                ["ASPNETCORE_URLS"] = baseUrl,
                ["Storage__DataDirectory"] = data,
                ["Keys__Directory"] = Path.Combine(data, "keys"),
                ["Keys__Passphrase"] = passphrase,
                ["Keys__CreateIfMissing"] = "true",
                ["Seal__PublicBaseUrl"] = "https://seals.example.org",
                ["Security__RequireTwoFactorForStaff"] = "false",
                ["Demo__SeedOnFirstStart"] = "false",
                ["RateLimiting__PermitsPerMinute"] = "100000",
                ["SignIn__PermitsPerMinutePerAddress"] = "100000",
                ["SignIn__PermitsPerMinutePerAccount"] = "100000",
                ["Logging__LogLevel__Default"] = "Warning",
            });
            var service = new RunningService(process, baseUrl);
            using var probe = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"SealService exited with {process.ExitCode} during start-up: {process.Error}");
                }

                try
                {
                    if ((await probe.GetAsync(new Uri("/healthz/ready", UriKind.Relative))).StatusCode == HttpStatusCode.OK)
                    {
                        return service;
                    }
                }
                catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                {
                    // not listening yet
                }

                await Task.Delay(100);
            }

            await service.DisposeAsync();
            throw new TimeoutException("SealService did not become ready within 60 s.");
        }

        public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = new Uri(baseUrl),
        };

        public Task KillAsync() => process.KillAsync();

        public ValueTask DisposeAsync() => process.DisposeAsync();
    }
}
