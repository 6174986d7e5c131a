using System.Net;
using System.Text;
using Google.Protobuf;
using InstrumentationModes.DataKit.Otlp;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>Metrics and logs over every transport and encoding, read exactly and printed in DataKit's view.</summary>
public sealed class MetricsAndLogsTransportTests
{
    public const string MetricsExportPath = "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export";
    public const string LogsExportPath = "/opentelemetry.proto.collector.logs.v1.LogsService/Export";

    // transport, HTTP path prefix, gzip
    public static TheoryData<string, string, bool> Ways => new()
    {
        { OtlpTransport.Grpc, "", false },
        { OtlpTransport.Grpc, "", true },
        { OtlpTransport.HttpProtobuf, "/otel/v1/", false },
        { OtlpTransport.HttpProtobuf, "/v1/", true },
        { OtlpTransport.HttpJson, "/otel/v1/", false },
        { OtlpTransport.HttpJson, "/v1/", true },
    };

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task Metric_points_arrive_exactly_and_are_printed_in_DataKits_view(string transport, string prefix, bool gzip)
    {
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(
            new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed, AcceptJson = transport == OtlpTransport.HttpJson });

        var path = await SendAsync(endpoint, SampleTelemetry.Metrics(), MetricsExportPath, prefix + "metrics", transport, gzip);

        SampleTelemetry.AssertMetricPoints(endpoint.ReceivedMetricPoints, transport, path);
        Assert.Equal(SampleTelemetry.MetricLines, Lines(printed));
        Assert.Equal((0, 3, 0), (endpoint.Counters.SpansReceived, endpoint.Counters.MetricPointsReceived, endpoint.Counters.LogRecordsReceived));
        Assert.Equal(1, endpoint.Counters.GrpcAccepted + endpoint.Counters.HttpAccepted);
        Assert.Empty(endpoint.ReceivedSpans);
        Assert.Empty(endpoint.ReceivedLogs);
    }

    [Theory]
    [MemberData(nameof(Ways))]
    public async Task Log_records_arrive_exactly_and_are_printed_in_DataKits_view(string transport, string prefix, bool gzip)
    {
        var printed = new StringWriter();
        await using var endpoint = await DataKitEndpointServer.StartAsync(
            new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, Output = printed, AcceptJson = transport == OtlpTransport.HttpJson });

        var path = await SendAsync(endpoint, SampleTelemetry.Logs(), LogsExportPath, prefix + "logs", transport, gzip);

        SampleTelemetry.AssertLogRecords(endpoint.ReceivedLogs, transport, path);
        Assert.Equal(SampleTelemetry.LogLines, Lines(printed));
        Assert.Equal((0, 0, 2), (endpoint.Counters.SpansReceived, endpoint.Counters.MetricPointsReceived, endpoint.Counters.LogRecordsReceived));
        Assert.Empty(endpoint.ReceivedMetricPoints);
    }

    [Fact]
    public async Task An_empty_grpc_logs_export_gets_an_empty_answer_as_DataKit_returns_before_building_one()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        var empty = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame([]), LogsExportPath);
        var logs = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(SampleTelemetry.Logs().ToByteArray()), LogsExportPath);

        Assert.Equal(("0", "0"), (empty.GrpcStatus, logs.GrpcStatus));
        Assert.Equal(new byte[5], empty.Body);
        Assert.Equal(TestEndpoint.GrpcSuccessBody, logs.Body);
    }

    [Fact]
    public async Task A_record_without_service_name_is_otel_logs_with_service_unSetServiceName_and_host_name_is_a_tag()
    {
        var request = SampleTelemetry.Logs();
        request.ResourceLogs[0].Resource.Attributes.Clear();
        request.ResourceLogs[0].Resource.Attributes.Add(SampleSpans.Attribute("host.name", "web-1"));
        await using var endpoint = await TestEndpoint.StartAsync();

        using var response = await TestEndpoint.PostAsync(endpoint.HttpLogsUrl, request.ToByteArray(), "application/x-protobuf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("otel_logs", "unSetServiceName", "web-1"), (endpoint.ReceivedLogs[1].Source, endpoint.ReceivedLogs[1].Service, endpoint.ReceivedLogs[1].Host));
        Assert.Equal(
            "otel_logs,service=unSetServiceName,source=otel_logs,status=error,scope_name=Dice.Roller,host=web-1 host_name=web-1,message=\"{error=dice lost}\"",
            endpoint.ReceivedLogs[1].ToString());
    }

    [Fact]
    public async Task Log_source_resource_attribute_wins_over_service_name()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        using var response = await TestEndpoint.PostAsync(endpoint.HttpLogsUrl, SampleTelemetry.Logs(logSource: "dice-audit").ToByteArray(), "application/x-protobuf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.All(endpoint.ReceivedLogs, record => Assert.Equal("dice-audit", record.Source));
        Assert.StartsWith("dice-audit,service=dice-server,source=dice-audit,status=warn,", endpoint.ReceivedLogs[0].ToString());
    }

    [Fact]
    public void OtlpJson_metrics_and_logs_with_hex_ids_round_trip_through_writer_and_reader()
    {
        var metrics = SampleTelemetry.Metrics();
        var logs = SampleTelemetry.Logs();

        var metricsJson = OtlpJsonWriter.Write(metrics);
        var logsJson = OtlpJsonWriter.Write(logs);

        Assert.Equal(metrics, OtlpJsonReader.Read<ExportMetricsServiceRequest>(Encoding.UTF8.GetBytes(metricsJson)));
        Assert.Equal(logs, OtlpJsonReader.Read<ExportLogsServiceRequest>(Encoding.UTF8.GetBytes(logsJson)));
        Assert.Contains($"\"traceId\":\"{SampleTelemetry.LogTraceId}\"", metricsJson);
        Assert.Contains($"\"spanId\":\"{SampleTelemetry.LogSpanId}\"", logsJson);
        Assert.Contains("\"severityNumber\":13", logsJson);
        Assert.Contains("\"aggregationTemporality\":2", metricsJson);
        Assert.Contains("\"asInt\":\"2\"", metricsJson);
    }

    [Fact]
    public async Task Traces_metrics_and_logs_on_one_endpoint_are_kept_apart()
    {
        await using var endpoint = await TestEndpoint.StartAsync();

        await Task.WhenAll(
            TestEndpoint.PostAsync(endpoint.HttpTracesUrl, SampleSpans.Request().ToByteArray(), "application/x-protobuf"),
            TestEndpoint.PostAsync(endpoint.HttpStandardMetricsUrl, SampleTelemetry.Metrics().ToByteArray(), "application/x-protobuf"),
            TestEndpoint.PostAsync(endpoint.HttpStandardLogsUrl, SampleTelemetry.Logs().ToByteArray(), "application/x-protobuf"));

        Assert.Equal((2, 3, 2), (endpoint.ReceivedSpans.Count, endpoint.ReceivedMetricPoints.Count, endpoint.ReceivedLogs.Count));
        Assert.Equal(new EndpointCounters(0, 0, 3, 0, 0, 2) { MetricPointsReceived = 3, LogRecordsReceived = 2 }, endpoint.Counters);
        endpoint.Clear();
        Assert.Equal((0, 0, 0), (endpoint.ReceivedSpans.Count, endpoint.ReceivedMetricPoints.Count, endpoint.ReceivedLogs.Count));
    }

    /// <summary>Sends <paramref name="export"/> the given way, asserts it was accepted, and returns the path it arrived on.</summary>
    internal static async Task<string> SendAsync(DataKitEndpointServer endpoint, IMessage export, string grpcPath, string httpPath, string transport, bool gzip)
    {
        if (transport == OtlpTransport.Grpc)
        {
            var message = export.ToByteArray();
            var frame = gzip ? TestEndpoint.Frame(TestEndpoint.Gzip(message), compressed: true) : TestEndpoint.Frame(message);
            var result = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, frame, grpcPath, gzip ? "gzip" : null);
            Assert.Equal("0", result.GrpcStatus);
            Assert.Equal(TestEndpoint.GrpcSuccessBody, result.Body);
            return grpcPath;
        }
        var (body, contentType) = transport == OtlpTransport.HttpJson
            ? (Encoding.UTF8.GetBytes(OtlpJsonWriter.Write(export)), "application/json")
            : (export.ToByteArray(), "application/x-protobuf");
        using var response = await TestEndpoint.PostAsync(endpoint.HttpUrl + httpPath, body, contentType, gzip);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentType);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        return httpPath;
    }

    internal static string[] Lines(StringWriter printed) => printed.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
}
