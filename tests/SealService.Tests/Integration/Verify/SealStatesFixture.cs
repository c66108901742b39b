using Microsoft.Extensions.DependencyInjection;
using SealService.Certify;
using SealService.Domain;
using SealService.Tests.Support;

namespace SealService.Tests.Integration.Verify;

/// <summary>One seal in each state the landing page knows: valid, expired (the clock moved past its end), suspended and revoked.</summary>
public sealed class SealStatesFixture : VerifyFactory, IAsyncLifetime
{
    public IssuedSeal Valid { get; private set; } = null!;
    public IssuedSeal Expired { get; private set; } = null!;
    public IssuedSeal Suspended { get; private set; } = null!;
    public IssuedSeal Revoked { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Valid = await Issuer.IssueAsync(this);
        Expired = await Issuer.IssueAsync(this, validity: TimeSpan.FromDays(1));
        Suspended = await Issuer.IssueAsync(this);
        Revoked = await Issuer.IssueAsync(this);
        await ChangeStatusAsync(this, Suspended.Serial, StatusChange.Suspend, StatusChangeReason.FeeNotPaid, "Invoice 2026-17 overdue");
        await ChangeStatusAsync(this, Revoked.Serial, StatusChange.Revoke, StatusChangeReason.MisuseOfSeal, "Seal used on an uncertified product");
        Time.Advance(TimeSpan.FromDays(2));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public static Task ChangeStatusAsync(SealServiceFactory factory, string serial, StatusChange change, StatusChangeReason reason, string details) =>
        factory.WithScopeAsync(async sp =>
        {
            var changed = await sp.GetRequiredService<CertificateStatusChanges>().ApplyAsync(serial, change, reason, details, Actor.System, null, CancellationToken.None);
            Assert.NotNull(changed);
        });
}
