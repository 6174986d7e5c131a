using OpenTelemetry.Context.Propagation;

namespace InstrumentationModes.Telemetry;

/// <summary>
/// The SDK's <see cref="TraceContextPropagator"/>, except that a <c>traceparent</c> of a version above <c>00</c> that
/// carries more fields is read by its known prefix, as W3C Trace Context requires. The SDK does so only when the
/// version's first digit is not 0, so it would restart the trace of <c>01-{trace-id}-{parent-id}-01-more</c>.
/// </summary>
public sealed class W3CTraceContextPropagator : TextMapPropagator
{
    private const string TraceparentHeader = "traceparent";

    // version "-" trace-id "-" parent-id "-" flags: the fields every version starts with.
    private const int KnownPrefixLength = 2 + 1 + 32 + 1 + 16 + 1 + 2;

    private readonly TraceContextPropagator traceContext = new();

    public override ISet<string>? Fields => traceContext.Fields;

    public override PropagationContext Extract<T>(PropagationContext context, T carrier, Func<T, string, IEnumerable<string>?> getter) =>
        traceContext.Extract(context, carrier, (request, name) =>
            name == TraceparentHeader ? KnownPrefixOfFutureVersion(getter(request, name)) : getter(request, name));

    public override void Inject<T>(PropagationContext context, T carrier, Action<T, string, string> setter) =>
        traceContext.Inject(context, carrier, setter);

    private static IEnumerable<string>? KnownPrefixOfFutureVersion(IEnumerable<string>? values) =>
        values?.ToList() is [var value] && value.Length > KnownPrefixLength && value[KnownPrefixLength] == '-' && IsFutureVersion(value)
            ? [value[..KnownPrefixLength]]
            : values;

    private static bool IsFutureVersion(string traceparent) =>
        traceparent[2] == '-' && IsLowercaseHex(traceparent[0]) && IsLowercaseHex(traceparent[1]) && traceparent[..2] is not ("00" or "ff");

    private static bool IsLowercaseHex(char character) => character is (>= '0' and <= '9') or (>= 'a' and <= 'f');
}
