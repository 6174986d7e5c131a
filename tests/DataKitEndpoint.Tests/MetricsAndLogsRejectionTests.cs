using System.Net;
using System.Text;
using Google.Protobuf;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>Metrics and logs get the same limits, Content-Type checks, faults and answers as traces.</summary>
public sealed class MetricsAndLogsRejectionTests
{
    public static TheoryData<string> Signals => new() { "metrics", "logs" };

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task Wrong_content_type_malformed_bodies_and_gzip_bombs_are_refused_and_nothing_is_kept(string signal)
    {
        await using var endpoint = await TestEndpoint.StartAsync(acceptJson: true);
        var url = $"{endpoint.HttpUrl}/otel/v1/{signal}";
        var request = signal == "metrics" ? "ExportMetricsServiceRequest" : "ExportLogsServiceRequest";

        using var text = await TestEndpoint.PostAsync(url, Export(signal), "text/plain");
        using var protobuf = await TestEndpoint.PostAsync(url, [0x0A, 0x05, 0x01], "application/x-protobuf");
        using var json = await TestEndpoint.PostAsync(url, Encoding.UTF8.GetBytes("{\"resourceMetrics\": ["), "application/json");
        using var bomb = await TestEndpoint.PostAsync(url, new byte[DataKitEndpointOptions.DefaultMaxMessageBytes + 1], "application/x-protobuf", gzip: true);

        Assert.Equal(
            (HttpStatusCode.BadRequest, "unrecognized Content-Type text/plain, please use http/protobuf or http/json\n"),
            (text.StatusCode, await text.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, protobuf.StatusCode);
        Assert.StartsWith($"malformed protobuf {request}: ", await protobuf.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);
        Assert.StartsWith($"malformed OTLP/JSON {request}: not valid JSON: ", await json.Content.ReadAsStringAsync());
        Assert.Equal(
            (HttpStatusCode.RequestEntityTooLarge, "payload too large: decompressed body exceeds the limit of 16777216 bytes\n"),
            (bomb.StatusCode, await bomb.Content.ReadAsStringAsync()));
        Assert.Equal(new EndpointCounters(0, 0, 0, 0, 4, 0), endpoint.Counters);
        Assert.Empty(endpoint.ReceivedMetricPoints);
        Assert.Empty(endpoint.ReceivedLogs);
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task OtlpJson_is_400_by_default_as_in_DataKit_1_85(string signal)
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var json = Encoding.UTF8.GetBytes(OtlpJsonWriter.Write(signal == "metrics" ? SampleTelemetry.Metrics() : SampleTelemetry.Logs()));

        using var response = await TestEndpoint.PostAsync($"{endpoint.HttpUrl}/otel/v1/{signal}", json, "application/json");

        Assert.Equal(
            (HttpStatusCode.BadRequest, "unrecognized Content-Type application/json, please use http/protobuf\n"),
            (response.StatusCode, await response.Content.ReadAsStringAsync()));
        Assert.Empty(endpoint.ReceivedMetricPoints);
        Assert.Empty(endpoint.ReceivedLogs);
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task Grpc_malformed_is_internal_and_over_the_limit_is_resource_exhausted(string signal)
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var path = GrpcPath(signal);

        var malformed = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame([0x0A, 0x05, 0x01]), path);
        var tooLarge = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, [0, 1, 0, 0, 1], path);

        Assert.Equal("13", malformed.GrpcStatus);
        Assert.StartsWith("grpc: error unmarshalling request: ", malformed.GrpcMessage);
        Assert.Equal("8", tooLarge.GrpcStatus);
        Assert.Equal(new EndpointCounters(0, 2, 0, 0, 0, 0), endpoint.Counters);
    }

    [Theory]
    [MemberData(nameof(Signals))]
    public async Task Injected_faults_refuse_metrics_and_logs_until_cleared(string signal)
    {
        await using var endpoint = await TestEndpoint.StartAsync(new EndpointFaults { HttpStatus = 503, GrpcStatus = 14 });
        var url = $"{endpoint.HttpUrl}/v1/{signal}";
        var path = GrpcPath(signal);

        using var faulted = await TestEndpoint.PostAsync(url, Export(signal), "application/x-protobuf");
        var grpcFaulted = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(Export(signal)), path);
        endpoint.ClearFaults();
        using var recovered = await TestEndpoint.PostAsync(url, Export(signal), "application/x-protobuf");
        var grpcRecovered = await TestEndpoint.CallGrpcAsync(endpoint.GrpcUrl, TestEndpoint.Frame(Export(signal)), path);

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "fault injected: HTTP 503\n"), (faulted.StatusCode, await faulted.Content.ReadAsStringAsync()));
        Assert.Equal(("14", "fault injected: grpc-status 14"), (grpcFaulted.GrpcStatus, grpcFaulted.GrpcMessage));
        Assert.Equal(HttpStatusCode.OK, recovered.StatusCode);
        Assert.Equal("0", grpcRecovered.GrpcStatus);
        Assert.Equal(signal == "metrics" ? (6, 0) : (0, 4), (endpoint.ReceivedMetricPoints.Count, endpoint.ReceivedLogs.Count));
    }

    private static byte[] Export(string signal) => signal == "metrics" ? SampleTelemetry.Metrics().ToByteArray() : SampleTelemetry.Logs().ToByteArray();

    private static string GrpcPath(string signal) =>
        signal == "metrics" ? MetricsAndLogsTransportTests.MetricsExportPath : MetricsAndLogsTransportTests.LogsExportPath;
}
