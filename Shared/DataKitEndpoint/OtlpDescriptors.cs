using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit;

internal static class OtlpDescriptors
{
    /// <summary>
    /// Runs the generated types' static initialisers once, up front: their descriptors reference each other, and
    /// concurrent first use from several request threads can deadlock in type initialisation.
    /// </summary>
    public static void Warm()
    {
        _ = TraceServiceReflection.Descriptor;
        foreach (var descriptor in new[]
                 {
                     AnyValue.Descriptor, ArrayValue.Descriptor, KeyValueList.Descriptor, KeyValue.Descriptor,
                     InstrumentationScope.Descriptor, Resource.Descriptor, TracesData.Descriptor, ResourceSpans.Descriptor,
                     ScopeSpans.Descriptor, Span.Descriptor, Span.Types.Event.Descriptor, Span.Types.Link.Descriptor,
                     Status.Descriptor, ExportTraceServiceRequest.Descriptor, ExportTraceServiceResponse.Descriptor,
                     ExportTracePartialSuccess.Descriptor,
                 })
        {
            _ = descriptor.Parser;
        }
    }
}
