using System.Diagnostics;
using System.Diagnostics.Metrics;
using InstrumentationModes.DataKit.Otlp;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using AggregationTemporality = InstrumentationModes.DataKit.Otlp.AggregationTemporality;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>The official OpenTelemetry .NET OTLP exporter's metrics and logs against the endpoint.</summary>
public sealed class RealMetricsAndLogsExporterTests
{
    // The SDK's default explicit bounds for a Histogram<double> without advice.
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task A_counter_and_a_histogram_arrive_with_exact_values(OtlpExportProtocol protocol)
    {
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed });
        var meterName = $"DataKitEndpoint.Tests.Metrics.{protocol}";
        using (var meter = new Meter(meterName, "2.0.0"))
        using (var meterProvider = Sdk.CreateMeterProviderBuilder()
                   .AddMeter(meterName)
                   .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("metrics-test-service", autoGenerateServiceInstanceId: false))
                   .AddOtlpExporter((exporter, reader) =>
                   {
                       exporter.Protocol = protocol;
                       exporter.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? endpoint.GrpcUrl : endpoint.HttpMetricsUrl);
                       reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = 60_000;
                   })
                   .Build())
        {
            var rolls = meter.CreateCounter<long>("dice.rolls", "{roll}", "Rolls so far");
            var duration = meter.CreateHistogram<double>("roll.duration", "ms", "Time to roll");
            rolls.Add(1, new KeyValuePair<string, object?>("roll.value", 3));
            rolls.Add(2, new KeyValuePair<string, object?>("roll.value", 3));
            rolls.Add(1, new KeyValuePair<string, object?>("roll.value", 6));
            foreach (var milliseconds in new[] { 3.0, 20.0, 300.0 })
            {
                duration.Record(milliseconds, new KeyValuePair<string, object?>("player", "Alice"));
            }
            Assert.True(meterProvider.ForceFlush(10_000));
        }

        var threes = Assert.Single(await endpoint.WaitForMetricPointsAsync(
            point => point.Name == "dice.rolls" && point.Attributes["roll.value"] is 3L, 1, TestEndpoint.Timeout));
        var sixes = (await endpoint.WaitForMetricPointsAsync(point => point.Name == "dice.rolls" && point.Attributes["roll.value"] is 6L, 1, TestEndpoint.Timeout))[0];
        var histogram = (await endpoint.WaitForMetricPointsAsync(point => point.Name == "roll.duration", 1, TestEndpoint.Timeout))[0];

        Assert.Equal((MetricKind.Sum, true, AggregationTemporality.Cumulative), (threes.Kind, threes.IsMonotonic, threes.Temporality));
        Assert.Equal(("{roll}", "Rolls so far", 3L, 1L), (threes.Unit, threes.Description, threes.Value, sixes.Value));
        Assert.Equal((meterName, "2.0.0"), (threes.ScopeName, threes.ScopeVersion));
        Assert.Equal("metrics-test-service", threes.ResourceAttributes["service.name"]);
        Assert.Equal((MetricKind.Histogram, "ms", AggregationTemporality.Cumulative), (histogram.Kind, histogram.Unit, histogram.Temporality));
        Assert.Equal((3UL, 323.0), (histogram.Count, histogram.Sum));
        Assert.Equal(DefaultBounds, histogram.ExplicitBounds);
        Assert.Equal([0UL, 1, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0], histogram.BucketCounts);
        Assert.Equal(new Dictionary<string, object> { ["player"] = "Alice" }, histogram.Attributes);
        Assert.True(histogram.TimeUnixNano > histogram.StartTimeUnixNano);
        Assert.Equal(protocol == OtlpExportProtocol.Grpc ? OtlpTransport.Grpc : OtlpTransport.HttpProtobuf, histogram.Transport);
        var lines = MetricsAndLogsTransportTests.Lines(printed);
        var series = $"otel_service,service_name=metrics-test-service,scope_name={meterName}";
        Assert.Contains($"{series},roll_value=3,unit={{roll}},__temporality=cumulative dice.rolls=3", lines);
        Assert.Contains($"{series},player=Alice,unit=ms,le=25 roll.duration_bucket=2", lines);
        Assert.Contains($"{series},player=Alice,unit=ms roll.duration_min=3,roll.duration_max=300,roll.duration_count=3,roll.duration_sum=323", lines);
        Assert.DoesNotContain(lines, line => line.Contains("telemetry_sdk", StringComparison.Ordinal));
        Assert.Equal(0, endpoint.Counters.GrpcRejected + endpoint.Counters.HttpRejected);
    }

    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task A_warning_logged_inside_an_activity_carries_its_trace_and_span(OtlpExportProtocol protocol)
    {
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed });
        var sourceName = $"DataKitEndpoint.Tests.Logs.{protocol}";
        using var source = new ActivitySource(sourceName);
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => candidate.Name == sourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        string traceId, spanId;
        using (var loggerFactory = LoggerFactory.Create(logging => logging.AddOpenTelemetry(options =>
               {
                   options.SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("logs-test-service"));
                   options.AddOtlpExporter(exporter =>
                   {
                       exporter.Protocol = protocol;
                       exporter.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? endpoint.GrpcUrl : endpoint.HttpLogsUrl);
                       exporter.ExportProcessorType = ExportProcessorType.Simple;
                   });
               })))
        {
            var logger = loggerFactory.CreateLogger("Dice.Roller");
            using var activity = source.StartActivity("roll")!;
            (traceId, spanId) = (activity.TraceId.ToHexString(), activity.SpanId.ToHexString());
            logger.LogWarning("{player} is rolling the dice: {result}", "Alice", 3);
        }

        var record = Assert.Single(await endpoint.WaitForLogsAsync(candidate => candidate.ScopeName == "Dice.Roller", 1, TestEndpoint.Timeout));

        Assert.Equal(("logs-test-service", "logs-test-service", "logs-test-service"), (record.Source, record.Service, record.ResourceAttributes["service.name"]));
        Assert.Equal((SeverityNumber.Warn, "Warning", "warn"), (record.SeverityNumber, record.SeverityText, record.Status));
        Assert.Equal("{player} is rolling the dice: {result}", record.Message);
        Assert.Equal("Alice", record.Attributes["player"]);
        Assert.Equal(3L, record.Attributes["result"]);
        Assert.Equal((traceId, spanId, 1U), (record.TraceId, record.SpanId, record.Flags));
        Assert.True(record.TimeUnixNano > 0);
        Assert.Equal(protocol == OtlpExportProtocol.Grpc ? OtlpTransport.Grpc : OtlpTransport.HttpProtobuf, record.Transport);
        // The SDK's telemetry.sdk.* resource attributes are among those DataKit drops.
        var line = Assert.Single(MetricsAndLogsTransportTests.Lines(printed), candidate => candidate.Contains("scope_name=Dice.Roller", StringComparison.Ordinal));
        Assert.StartsWith("logs-test-service,service=logs-test-service,source=logs-test-service,status=warn,scope_name=Dice.Roller service_name=logs-test-service,", line);
        Assert.EndsWith($",player=Alice,result=3,trace_id={traceId},span_id={spanId},message=\"{{player}} is rolling the dice: {{result}}\"", line);
        Assert.DoesNotContain("telemetry_sdk", line);
    }
}
