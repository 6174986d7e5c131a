using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>The receiver alone, as the executable runs it: it counts and hands on what it accepts, and keeps nothing.</summary>
public sealed class ReceiverTests
{
    [Fact]
    public async Task A_receiver_without_a_consumer_counts_every_item_and_prints_it()
    {
        var printed = new StringWriter();
        await using var receiver = await DataKitReceiver.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed });

        using var traces = await TestEndpoint.PostAsync(receiver.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");
        using var logs = await TestEndpoint.PostAsync(receiver.HttpLogsUrl, SampleTelemetry.Logs().ToByteArray(), "application/x-protobuf");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (traces.StatusCode, logs.StatusCode));
        Assert.Equal(new EndpointCounters(0, 0, 2, 0, 0, 2) { LogRecordsReceived = 2 }, receiver.Counters);
        var lines = MetricsAndLogsTransportTests.Lines(printed);
        Assert.Equal(4, lines.Length);
        Assert.Equal(SampleSpans.ServerLine, lines[0]);
        Assert.Equal(SampleTelemetry.LogLines, lines[2..]);
    }

    [Fact]
    public async Task A_consumer_gets_each_export_as_one_batch_per_signal()
    {
        var consumer = new RecordingConsumer();
        await using var receiver = await DataKitReceiver.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false }, consumer);

        await TestEndpoint.CallGrpcAsync(receiver.GrpcUrl, TestEndpoint.Frame(SampleSpans.Request().ToByteArray()));
        await TestEndpoint.CallGrpcAsync(receiver.GrpcUrl, TestEndpoint.Frame(SampleTelemetry.Metrics().ToByteArray()), MetricsAndLogsTransportTests.MetricsExportPath);

        Assert.Equal(["spans: 2", "metric points: 3"], consumer.Batches);
    }

    private sealed class RecordingConsumer : ITelemetryConsumer
    {
        private readonly ConcurrentQueue<string> batches = new();

        public IEnumerable<string> Batches => batches;

        public void ConsumeSpans(IReadOnlyList<ReceivedSpan> spans) => batches.Enqueue($"spans: {spans.Count}");

        public void ConsumeMetricPoints(IReadOnlyList<ReceivedMetricPoint> points) => batches.Enqueue($"metric points: {points.Count}");

        public void ConsumeLogRecords(IReadOnlyList<ReceivedLogRecord> records) => batches.Enqueue($"log records: {records.Count}");
    }
}
