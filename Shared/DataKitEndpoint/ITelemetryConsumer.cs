namespace InstrumentationModes.DataKit;

/// <summary>
/// What a <see cref="DataKitReceiver"/> hands each accepted export to, mapped to DataKit's view, before it answers;
/// called from many request threads at once.
/// </summary>
public interface ITelemetryConsumer
{
    void ConsumeSpans(IReadOnlyList<ReceivedSpan> spans);

    void ConsumeMetricPoints(IReadOnlyList<ReceivedMetricPoint> points);

    void ConsumeLogRecords(IReadOnlyList<ReceivedLogRecord> records);
}
