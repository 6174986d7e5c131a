using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using OtlpSpanKind = InstrumentationModes.DataKit.Otlp.Span.Types.SpanKind;

namespace InstrumentationModes.MicroBenchmarks.Tests;

/// <summary>What a mode's <c>/server_request?param=load</c> sends the endpoint, one signal each, as both test classes look for it.</summary>
internal static class ModeTelemetry
{
    public static bool IsServerRequestSpan(ReceivedSpan span, string mode) =>
        span.Kind == OtlpSpanKind.Server && span.Resource == "GET /server_request" && span.Service == Modes.ServiceOf(mode);

    public static bool IsRequestDuration(ReceivedMetricPoint point, string mode) =>
        point.Name == "http.server.request.duration"
        && Equals(point.Attributes.GetValueOrDefault("http.route"), "/server_request")
        && Equals(point.ResourceAttributes.GetValueOrDefault("service.name"), Modes.ServiceOf(mode));

    public static bool IsServingLoad(ReceivedLogRecord log, string mode) =>
        Equals(log.Attributes.GetValueOrDefault("param"), "load") && log.Service == Modes.ServiceOf(mode);
}
