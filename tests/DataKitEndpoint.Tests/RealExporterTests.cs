using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace InstrumentationModes.DataKit.Tests;

/// <summary>The official OpenTelemetry .NET OTLP exporter, the one the three servers use, against the endpoint.</summary>
public sealed class RealExporterTests
{
    [Theory]
    [InlineData(OtlpExportProtocol.Grpc)]
    [InlineData(OtlpExportProtocol.HttpProtobuf)]
    public async Task Spans_from_the_OpenTelemetry_exporter_arrive_in_DataKits_view(OtlpExportProtocol protocol)
    {
        await using var endpoint = await TestEndpoint.StartAsync();
        var sourceName = $"DataKitEndpoint.Tests.{protocol}";
        using var source = new ActivitySource(sourceName, "1.0.0");
        using (var tracerProvider = Sdk.CreateTracerProviderBuilder()
                   .AddSource(sourceName)
                   .SetResourceBuilder(ResourceBuilder.CreateEmpty().AddService("exporter-test-service"))
                   .AddOtlpExporter(exporter =>
                   {
                       exporter.Protocol = protocol;
                       exporter.Endpoint = new Uri(protocol == OtlpExportProtocol.Grpc ? endpoint.GrpcUrl : endpoint.HttpTracesUrl);
                       exporter.ExportProcessorType = ExportProcessorType.Simple;
                   })
                   .Build())
        {
            var parent = new ActivityContext(
                ActivityTraceId.CreateFromString(SampleSpans.TraceId), ActivitySpanId.CreateFromString(SampleSpans.ClientSpanId), ActivityTraceFlags.Recorded, isRemote: true);
            using (var activity = source.StartActivity("GET /server_request", ActivityKind.Server, parent))
            {
                activity!.SetTag("http.request.method", "GET");
                activity.SetTag("http.route", "/server_request");
                activity.SetTag("http.response.status_code", 200);
                activity.SetTag("server.port", 8082);
            }
            Assert.True(tracerProvider.ForceFlush(10_000));
        }
        endpoint.Expect("server span", span => span.Resource == "GET /server_request");

        var span = Assert.Single(await endpoint.AssertExpectationsAsync(TestEndpoint.Timeout));

        Assert.Equal("exporter-test-service", span.Service);
        Assert.Equal(SampleSpans.TraceId, span.TraceId);
        Assert.Equal(SampleSpans.ClientSpanId, span.ParentId);
        Assert.Matches("^[0-9a-f]{16}$", span.SpanId);
        Assert.Equal("server", span.SpanKind);
        Assert.Equal("ok", span.Status);
        Assert.Equal(
            new Dictionary<string, string> { ["http_method"] = "GET", ["http_route"] = "/server_request", ["http_status_code"] = "200", ["server_port"] = "8082" },
            span.Tags);
        Assert.Equal(200L, span.Attributes["http.response.status_code"]);
        Assert.Equal((sourceName, "1.0.0"), (span.ScopeName, span.ScopeVersion));
        Assert.Equal(protocol == OtlpExportProtocol.Grpc ? OtlpTransport.Grpc : OtlpTransport.HttpProtobuf, span.Transport);
        Assert.Equal(1, endpoint.Counters.GrpcAccepted + endpoint.Counters.HttpAccepted);
        Assert.Equal(0, endpoint.Counters.GrpcRejected + endpoint.Counters.HttpRejected);
    }
}
