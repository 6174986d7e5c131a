using Google.Protobuf;

namespace InstrumentationModes.DataKit.Tests;

public sealed class MetricsAndLogsExpectationTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task Expectations_on_spans_metric_points_and_logs_are_met_together_by_items_arriving_later()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        endpoint.Expect("server span", span => span.SpanKind == "server");
        endpoint.ExpectMetric("dice.rolls", point => point.Name == "dice.rolls" && (long)point.Value! == 2);
        endpoint.ExpectLog("the warning", record => record.Status == "warn" && (string)record.Attributes["player"] == "Alice");

        var waiting = endpoint.AssertAllExpectationsAsync(TestEndpoint.Timeout);
        await TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf");
        await TestEndpoint.PostAsync(endpoint.HttpMetricsUrl, SampleTelemetry.Metrics().ToByteArray(), "application/x-protobuf");
        Assert.False(waiting.IsCompleted);
        await TestEndpoint.PostAsync(endpoint.HttpLogsUrl, SampleTelemetry.Logs().ToByteArray(), "application/x-protobuf");
        var matched = await waiting;

        Assert.Equal(SampleSpans.ServerSpanId, Assert.Single(matched.Spans).SpanId);
        Assert.Equal("dice.rolls", Assert.Single(matched.MetricPoints).Name);
        Assert.Equal(SampleTelemetry.LogSpanId, Assert.Single(matched.Logs).SpanId);
        Assert.Equal(SampleSpans.ServerSpanId, Assert.Single(await endpoint.AssertExpectationsAsync(Short)).SpanId);
    }

    [Fact]
    public async Task Failure_lists_missing_matched_and_extra_items_per_signal_with_expectations()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        await TestEndpoint.PostAsync(endpoint.HttpMetricsUrl, SampleTelemetry.Metrics().ToByteArray(), "application/x-protobuf");
        await TestEndpoint.PostAsync(endpoint.HttpLogsUrl, SampleTelemetry.Logs().ToByteArray(), "application/x-protobuf");
        endpoint.ExpectMetric("dice.rolls", point => point.Name == "dice.rolls");
        endpoint.ExpectMetric("a fourth metric", point => point.Name == "dice.misses");
        endpoint.ExpectLog("a fatal log", record => record.Status == "fatal");

        var error = await Assert.ThrowsAsync<TelemetryExpectationException>(() => endpoint.AssertExpectationsAsync(Short));

        Assert.Equal(
            $"""
            Expectations not met within 0.3 s.
            Metric point expectations (3 metric points retained):
            Missing expectations:
              - a fourth metric
            Matched:
              - dice.rolls => {SampleTelemetry.MetricLines[0]}
            Extra metric points:
              - {SampleTelemetry.MetricLines[1]}
              - {SampleTelemetry.MetricLines[2]}
            Log record expectations (2 log records retained):
            Missing expectations:
              - a fatal log
            Matched:
            Extra log records:
              - {SampleTelemetry.LogLines[0]}
              - {SampleTelemetry.LogLines[1]}

            """,
            error.Message);
    }

    [Fact]
    public async Task WaitFor_metric_points_and_logs_returns_the_matches_or_times_out_listing_what_arrived()
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        await TestEndpoint.PostAsync(endpoint.HttpStandardMetricsUrl, SampleTelemetry.Metrics().ToByteArray(), "application/x-protobuf");
        await TestEndpoint.PostAsync(endpoint.HttpStandardLogsUrl, SampleTelemetry.Logs().ToByteArray(), "application/x-protobuf");

        var histograms = await endpoint.WaitForMetricPointsAsync(point => point.Kind == MetricKind.Histogram, 1, TestEndpoint.Timeout);
        var errors = await endpoint.WaitForLogsAsync(record => record.Status == "error", 1, TestEndpoint.Timeout);
        var metricTimeout = await Assert.ThrowsAsync<TimeoutException>(() => endpoint.WaitForMetricPointsAsync(point => point.Kind == MetricKind.Sum, 2, Short));
        var logTimeout = await Assert.ThrowsAsync<TimeoutException>(() => endpoint.WaitForLogsAsync(record => record.TraceId.Length > 0, 2, Short));

        Assert.Equal(4UL, Assert.Single(histograms).Count);
        Assert.Equal("{error=dice lost}", Assert.Single(errors).Message);
        Assert.StartsWith("Expected 2 matching metric points within 0.3 s, found 1 among 3 retained:", metricTimeout.Message);
        Assert.Contains(SampleTelemetry.MetricLines[0], metricTimeout.Message);
        Assert.StartsWith("Expected 2 matching log records within 0.3 s, found 1 among 2 retained:", logTimeout.Message);
    }

    [Fact]
    public async Task Retention_is_bounded_per_signal_while_counters_keep_counting()
    {
        await using var endpoint = await TestEndpoint.StartAsync(maxRetainedItems: 2);

        for (var i = 0; i < 2; i++)
        {
            await TestEndpoint.PostAsync(endpoint.HttpMetricsUrl, SampleTelemetry.Metrics().ToByteArray(), "application/x-protobuf");
            await TestEndpoint.PostAsync(endpoint.HttpLogsUrl, SampleTelemetry.Logs().ToByteArray(), "application/x-protobuf");
        }

        Assert.Equal(["process.cpu.utilization", "http.server.request.duration"], endpoint.ReceivedMetricPoints.Select(point => point.Name));
        Assert.Equal(2, endpoint.ReceivedLogs.Count);
        Assert.Equal((6, 4), (endpoint.Counters.MetricPointsReceived, endpoint.Counters.LogRecordsReceived));
    }
}
