using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SealService.Data;
using SealService.Domain;
using SealService.Infrastructure.Mail;
using SealService.Tests.Support;

namespace SealService.Tests.Mail;

/// <summary>/Admin/Outbox: admins see failed and waiting mail and resend it (antiforgery, admins only).</summary>
public sealed class OutboxPageTests(OutboxPageTests.UnreachableSmtp factory) : IClassFixture<OutboxPageTests.UnreachableSmtp>
{
    /// <summary>SMTP on a port where nothing listens, one attempt per mail: every mail fails at once.</summary>
    public sealed class UnreachableSmtp : SealServiceFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = "9",
            ["Mail:Smtp:UseStartTls"] = "false",
            ["Mail:From"] = "Seals <seals@example.org>",
            ["Mail:Outbox:MaxAttempts"] = "1",
        };
    }

    [Fact]
    public async Task An_admin_sees_a_failed_mail_and_resends_it()
    {
        var user = await factory.CreateUserAsync(Roles.Applicant);
        await factory.CreateBrowserClient().SubmitFormAsync("/Identity/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = user.Email! });
        await factory.DeliverMailAsync();
        var failed = Assert.Single(await factory.OutboxAsync(), m => m.Recipient == user.Email);
        Assert.Equal(OutboxState.Failed, failed.State);

        var admin = await factory.CreateUserAsync(Roles.Admin);
        var client = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        var page = await client.GetDocumentAsync("/Admin/Outbox");
        var row = page.QuerySelector($"#failed tr[data-outbox-id='{failed.Id}']");
        Assert.NotNull(row);
        Assert.Contains(user.Email!, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("SocketException", row.TextContent, StringComparison.Ordinal);

        var response = await client.SubmitFormAsync(page, "/Admin/Outbox", new Dictionary<string, string>(), $"#failed tr[data-outbox-id='{failed.Id}'] form");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var resent = Assert.Single(await factory.OutboxAsync(), m => m.Id == failed.Id);
        Assert.True(resent.State == OutboxState.Pending || resent.Attempts == 1, "The resent mail was neither queued again nor tried again.");
        Assert.True(await factory.WithScopeAsync(sp => sp.GetRequiredService<AppDbContext>().AuditLog.AnyAsync(e => e.Action == "mail.resend" && e.EntityId == failed.Id.ToString())));
    }

    [Fact]
    public async Task Only_admins_reach_the_outbox_and_a_post_without_the_antiforgery_token_changes_nothing()
    {
        var applicant = await factory.CreateUserAsync(Roles.Applicant);
        var client = await factory.CreateBrowserClient().SignInAsync(applicant.Email!);
        var response = await client.GetAsync(new Uri("/Admin/Outbox", UriKind.Relative));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);

        var admin = await factory.CreateUserAsync(Roles.Admin);
        var adminClient = await factory.CreateBrowserClient().SignInAsync(admin.Email!);
        var forged = await adminClient.PostAsync(new Uri($"/Admin/Outbox?handler=Resend&id={Guid.NewGuid()}", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
    }
}
