using InstrumentationModes.Compare;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary>run-mode.sh gives every mode the same OTLP protocol when the user names only an endpoint.</summary>
public sealed class RunModeDefaultsTests
{
    [Theory]
    [MemberData(nameof(EquivalenceTests<ModesExportingGrpc>.Modes), MemberType = typeof(EquivalenceTests<ModesExportingGrpc>))]
    public async Task WithOnlyAnEndpointSetEveryModeExportsGrpcAsTheOriginal(string mode)
    {
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false });
        await using var server = await ModeProcess.StartAsync(mode, new Dictionary<string, string>
        {
            ["OTEL_TRACES_EXPORTER"] = "otlp",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint.GrpcUrl,
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        });

        var (traceId, _) = await ModeComparison.RunClientAsync(server.Port, "defaults", new Dictionary<string, string> { ["OTEL_TRACES_EXPORTER"] = "none" });

        var span = Assert.Single(await endpoint.WaitForSpansAsync(candidate => candidate.TraceId == traceId, 1, TimeSpan.FromSeconds(30)));
        Assert.Equal(OtlpTransport.Grpc, span.Transport);
        Assert.Equal(Modes.ServiceOf(mode), span.Service);
    }
}
