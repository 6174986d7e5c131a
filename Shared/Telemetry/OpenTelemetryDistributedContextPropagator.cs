using System.Diagnostics;
using OpenTelemetry.Context.Propagation;

namespace InstrumentationModes.Telemetry;

/// <summary>
/// The propagator ASP.NET Core hosting extracts the caller's context with, reading it through OpenTelemetry's
/// <see cref="Propagators.DefaultTextMapPropagator"/>: the request activity of the automatic and programmatic modes
/// then continues or restarts a trace under the same W3C rules as the manual mode, which calls that propagator itself.
/// (.NET's own one keeps a <c>tracestate</c> of more than 32 members and restarts future versions with more fields.)
/// Injection and baggage stay .NET's.
/// </summary>
public sealed class OpenTelemetryDistributedContextPropagator(DistributedContextPropagator dotnetPropagator) : DistributedContextPropagator
{
    public override IReadOnlyCollection<string> Fields => dotnetPropagator.Fields;

    public override void Inject(Activity? activity, object? carrier, PropagatorSetterCallback? setter) =>
        dotnetPropagator.Inject(activity, carrier, setter);

    public override IEnumerable<KeyValuePair<string, string?>>? ExtractBaggage(object? carrier, PropagatorGetterCallback? getter) =>
        dotnetPropagator.ExtractBaggage(carrier, getter);

    public override void ExtractTraceIdAndState(object? carrier, PropagatorGetterCallback? getter, out string? traceId, out string? traceState)
    {
        traceId = null;
        traceState = null;
        if (getter is null)
        {
            return;
        }

        var parent = Propagators.DefaultTextMapPropagator.Extract(default, (carrier, getter), HeaderValues).ActivityContext;
        if (parent.TraceId == default || parent.SpanId == default)
        {
            return;
        }

        var flags = parent.TraceFlags.HasFlag(ActivityTraceFlags.Recorded) ? "01" : "00";
        traceId = $"00-{parent.TraceId.ToHexString()}-{parent.SpanId.ToHexString()}-{flags}";
        traceState = parent.TraceState;
    }

    private static IEnumerable<string>? HeaderValues((object? Carrier, PropagatorGetterCallback Getter) request, string name)
    {
        request.Getter(request.Carrier, name, out var value, out var values);
        return values ?? (value is null ? null : [value]);
    }
}
