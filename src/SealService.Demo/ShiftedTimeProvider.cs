using Microsoft.Extensions.DependencyInjection.Extensions;

namespace SealService.Demo;

/// <summary>
/// The host's clock, which the demo can turn back for the code it runs: inside <see cref="ShiftTo"/> the current async flow,
/// and only it, sees the clock at the given moment, running on from there. Demo data runs the real workflow services this
/// way, so applications were submitted weeks ago and an expired demo certificate was signed "13 months ago" by the real
/// issuance pipeline, with signing time, issue date, validity and audit entries that agree. Everything else in the process
/// (requests, background jobs) sees the unshifted clock.
/// </summary>
public sealed class ShiftedTimeProvider(TimeProvider inner) : TimeProvider
{
    private readonly AsyncLocal<TimeSpan> _offset = new();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + _offset.Value;

    public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        inner.CreateTimer(callback, state, dueTime, period);

    /// <summary>Until disposed, this async flow sees the clock at <paramref name="moment"/> (and later as time passes).</summary>
    public IDisposable ShiftTo(DateTimeOffset moment)
    {
        var previous = _offset.Value;
        _offset.Value = moment - inner.GetUtcNow();
        return new Shift(this, previous);
    }

    /// <summary>Makes the registered <see cref="TimeProvider"/> (whatever it is: the system clock, a test's fake clock) the inner clock of this one.</summary>
    internal static void Decorate(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService)
            ?? throw new InvalidOperationException("The demo needs the host's TimeProvider to be registered first.");
        if (registered.ImplementationFactory is { } factory && factory.Method.DeclaringType == typeof(ShiftedTimeProvider))
        {
            return;
        }

        services.RemoveAll<ShiftedTimeProvider>();
        services.AddSingleton(sp => new ShiftedTimeProvider(
            registered.ImplementationInstance as TimeProvider
            ?? registered.ImplementationFactory?.Invoke(sp) as TimeProvider
            ?? (TimeProvider)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(Forward);
    }

    private static ShiftedTimeProvider Forward(IServiceProvider services) => services.GetRequiredService<ShiftedTimeProvider>();

    private sealed class Shift(ShiftedTimeProvider clock, TimeSpan previous) : IDisposable
    {
        public void Dispose() => clock._offset.Value = previous;
    }
}
