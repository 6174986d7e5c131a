using System.Diagnostics.Tracing;

namespace InstrumentationModes.LabHooks;

/// <summary>
/// Says on stderr, in one line per batch processor, how many spans or log records it dropped because its queue was
/// full (the export thread stuck retrying an unreachable endpoint, or too slow). The SDK counts them but reports the
/// count only on its EventSource, when the processor shuts down.
/// </summary>
internal sealed class DroppedItemsReporter(TextWriter output) : EventListener
{
    private const string SdkEventSourceName = "OpenTelemetry-Sdk";

    // OpenTelemetrySdkEventSource.ExistsDroppedExportProcessorItems: processor name, exporter name, dropped count.
    private const int DroppedItemsEventId = 32;

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == SdkEventSourceName)
        {
            EnableEvents(eventSource, EventLevel.Warning);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventSource.Name != SdkEventSourceName || eventData.EventId != DroppedItemsEventId || eventData.Payload is not [string processor, string exporter, long dropped])
        {
            return;
        }

        output.WriteLine(Describe(processor, exporter, dropped));
    }

    public static string Describe(string processor, string exporter, long dropped)
    {
        var (items, queueVariable) = processor switch
        {
            "BatchActivityExportProcessor" => ("spans", "OTEL_BSP_MAX_QUEUE_SIZE"),
            "BatchLogRecordExportProcessor" => ("log records", "OTEL_BLRP_MAX_QUEUE_SIZE"),
            _ => ("items", "its queue size"),
        };
        return $"OpenTelemetry: {dropped} {items} dropped, never exported: the queue in front of {exporter} was full " +
            $"while exports failed or lagged ({queueVariable} sets its size)";
    }
}
