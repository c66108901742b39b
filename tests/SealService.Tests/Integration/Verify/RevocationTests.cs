using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

using SealVerifier.Cli;
using SealService.Cli;
using SealService.Certify;
using SealService.Data;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Verify;

/// <summary>A status change is visible on the very next request to the landing page, the API and the registry.</summary>
public sealed class RevocationTests(VerifyFactory factory) : IClassFixture<VerifyFactory>
{
    [Fact]
    public async Task Revocation_through_the_certify_page_shows_on_the_next_request_everywhere()
    {
        var seal = await factory.Issuer.IssueAsync(factory, holderName: "Revoked By Form GmbH");
        var visitor = factory.CreateBrowserClient();
        await AssertEverywhereAsync(visitor, seal, "valid", "active", inRegistry: true);

        var certifier = await factory.CreateUserAsync(Roles.Certifier);
        var client = await factory.CreateBrowserClient().SignInAsync(certifier.Email!);
        var list = await client.GetDocumentAsync("/Certify/Certificates?q=Revoked+By+Form");
        Assert.NotNull(list.QuerySelector($"#certificates tr[data-serial='{seal.Serial}']"));

        var response = await client.SubmitFormAsync($"/Certify/Certificate/{seal.Serial}", new Dictionary<string, string>
        {
            ["Input.Reason"] = nameof(StatusChangeReason.FalseDeclaration),
            ["Input.Details"] = "Hosting is not in Germany",
            ["Input.Confirm"] = "true",
        }, "form#revoke");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);

        await AssertEverywhereAsync(visitor, seal, "revoked", "revoked", inRegistry: false);
        var api = await visitor.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/{seal.Serial}");
        Assert.Equal("False statements in the application: Hosting is not in Germany", api.GetProperty("statusReason").GetString());

        var entry = await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.AsNoTracking()
            .SingleAsync(e => e.EntityId == seal.Serial && e.Action == "certificate.revoked"));
        Assert.Equal(certifier.Id, entry.ActorId);
    }

    [Fact]
    public async Task Revocation_needs_the_confirmation_tick()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var certifier = await factory.CreateUserAsync(Roles.Certifier);
        var client = await factory.CreateBrowserClient().SignInAsync(certifier.Email!);
        var response = await client.SubmitFormAsync($"/Certify/Certificate/{seal.Serial}", new Dictionary<string, string>
        {
            ["Input.Reason"] = nameof(StatusChangeReason.MisuseOfSeal),
        }, "form#revoke");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Tick the box", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CertificateStatus.Active, await StatusAsync(seal.Serial));
    }

    [Fact]
    public async Task Suspension_and_reinstatement_through_the_certify_page()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        var response = await client.SubmitFormAsync($"/Certify/Certificate/{seal.Serial}", new Dictionary<string, string>
        {
            ["Input.Reason"] = nameof(StatusChangeReason.FeeNotPaid),
            ["Input.Details"] = "Invoice overdue",
        }, "form#suspend");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var visitor = factory.CreateBrowserClient();
        await AssertEverywhereAsync(visitor, seal, "suspended", "suspended", inRegistry: true);

        response = await client.SubmitFormAsync($"/Certify/Certificate/{seal.Serial}", new Dictionary<string, string>(), "form#reinstate");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        await AssertEverywhereAsync(visitor, seal, "valid", "active", inRegistry: true);
        Assert.Equal(2, await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog
            .CountAsync(e => e.EntityId == seal.Serial && (e.Action == "certificate.suspended" || e.Action == "certificate.reinstated"))));
    }

    [Fact]
    public async Task A_stale_page_cannot_overwrite_a_newer_change()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var certifier = await factory.CreateUserAsync(Roles.Certifier);
        var client = await factory.CreateBrowserClient().SignInAsync(certifier.Email!);
        var stale = await client.GetDocumentAsync($"/Certify/Certificate/{seal.Serial}");

        await SealStatesFixture.ChangeStatusAsync(factory, seal.Serial, SealService.Certify.StatusChange.Suspend, StatusChangeReason.HolderRequest, "Holder asked");
        await SealStatesFixture.ChangeStatusAsync(factory, seal.Serial, SealService.Certify.StatusChange.Reinstate, StatusChangeReason.Other, "");

        var response = await client.SubmitFormAsync(stale, $"/Certify/Certificate/{seal.Serial}", new Dictionary<string, string>
        {
            ["Input.Reason"] = nameof(StatusChangeReason.NonconformityFound),
        }, "form#suspend");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Someone else changed this certificate meanwhile", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(CertificateStatus.Active, await StatusAsync(seal.Serial));
    }

    [Fact]
    public async Task Revoke_command_shows_on_the_next_request_and_the_offline_tool_reports_it_online()
    {
        var seal = await factory.Issuer.IssueAsync(factory, holderName: "Revoked By Command Ltd", country: "RW", programId: "rwts");
        var http = factory.CreateClient();
        var trustList = Path.Combine(factory.DataDirectory, "trust-list.json");
        await File.WriteAllBytesAsync(trustList, factory.Issuer.SignedTrustListJson(http.BaseAddress!.ToString().TrimEnd('/')));

        var (code, output, _) = await RunToolAsync(seal, trustList, http);
        Assert.True(code == CliApp.ExitValid, output);

        var (exit, stdout, stderr) = await AdminAsync("revoke", "--serial", seal.Serial.ToLowerInvariant(), "--reason", "misuseofseal", "--details", "Seal shown on another product");
        Assert.True(exit == 0, stderr);
        Assert.Contains("Revoked", stdout, StringComparison.Ordinal);

        await AssertEverywhereAsync(factory.CreateBrowserClient(), seal, "revoked", "revoked", inRegistry: false);
        (code, output, _) = await RunToolAsync(seal, trustList, http);
        Assert.Equal(CliApp.ExitNotValid, code);
        Assert.Contains("REVOKED", output, StringComparison.Ordinal);
        Assert.Contains("Seal shown on another product", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_commands_refuse_unknown_reasons_and_serials()
    {
        var seal = await factory.Issuer.IssueAsync(factory);
        var (exit, _, stderr) = await AdminAsync("suspend", "--serial", seal.Serial, "--reason", "bored");
        Assert.Equal(2, exit);
        Assert.Contains("Unknown reason 'bored'", stderr, StringComparison.Ordinal);
        Assert.Contains("FeeNotPaid", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await AdminAsync("revoke", "--serial", SealVerifier.Serial.New("SMIG").Value, "--reason", "Other", "--details", "x");
        Assert.Equal(1, exit);
        Assert.Contains("no certificate with the serial", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await AdminAsync("suspend", "--serial", seal.Serial, "--reason", "FEENOTPAID");
        Assert.True(exit == 0, stderr);
        (exit, _, _) = await AdminAsync("reinstate", "--serial", seal.Serial);
        Assert.Equal(0, exit);
        (exit, _, stderr) = await AdminAsync("reinstate", "--serial", seal.Serial);
        Assert.Equal(1, exit);
        Assert.Contains("Only a suspended certificate can be reinstated", stderr, StringComparison.Ordinal);
        Assert.Equal(CertificateStatus.Active, await StatusAsync(seal.Serial));
    }

    private async Task AssertEverywhereAsync(HttpClient client, IssuedSeal seal, string verdict, string apiStatus, bool inRegistry)
    {
        var page = await client.GetDocumentAsync(seal.LandingPath);
        Assert.Equal(verdict, page.QuerySelector("#verdict")!.GetAttribute("data-verdict"));

        var api = await client.GetFromJsonAsync<JsonElement>($"/api/v1/certificates/{seal.Serial}");
        Assert.Equal(apiStatus, api.GetProperty("status").GetString());

        var registry = await client.GetDocumentAsync("/Registry?q=" + Uri.EscapeDataString(seal.ProductName));
        var row = registry.QuerySelector($"#registry tr[data-serial='{seal.Serial}']");
        Assert.Equal(inRegistry, row is not null);
        if (row is not null)
        {
            Assert.Equal(apiStatus, row.GetAttribute("data-status"));
        }

        var all = await client.GetDocumentAsync("/Registry?inactive=true&q=" + Uri.EscapeDataString(seal.ProductName));
        Assert.Equal(apiStatus, all.QuerySelector($"#registry tr[data-serial='{seal.Serial}']")!.GetAttribute("data-status"));
    }

    private async Task<(int Code, string Output, string Error)> RunToolAsync(IssuedSeal seal, string trustList, HttpClient http)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(["verify", seal.QrUrl, "--trust-list", trustList, "--online"], stdout, stderr, http, factory.Time);
        return (code, stdout.ToString() + stderr, stderr.ToString());
    }

    private async Task<(int Exit, string Out, string Error)> AdminAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await AdminCommandLine.RunAsync([.. args, "--environment", "Testing", $"--Storage:DataDirectory={factory.DataDirectory}", $"--Keys:Directory={factory.KeysDirectory}"], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private Task<CertificateStatus> StatusAsync(string serial) =>
        factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Certificates.AsNoTracking().Where(c => c.Serial == serial).Select(c => c.Status).SingleAsync());
}
