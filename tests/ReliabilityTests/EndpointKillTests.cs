using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;
using Xunit.Abstractions;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// The hard way: the endpoint runs as its own process, as a user runs it, and is killed (SIGKILL, so
/// exports in flight are cut off half-answered) while requests keep coming. Every request is still served, and once
/// an endpoint listens on the port again, new spans arrive there exactly once.
/// </summary>
public sealed class EndpointKillTests(ITestOutputHelper output)
{
    private const int Requests = 40;
    private static readonly TimeSpan Delivery = TimeSpan.FromSeconds(30);

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task TheServerOutlivesAnEndpointKilledMidRunAndDeliversToItsSuccessor(string mode)
    {
        var endpointProcess = new EndpointProcess();
        await endpointProcess.InitializeAsync();
        await using var server = await ModeProcess.StartAsync(mode, Traffic.Grpc(endpointProcess.GrpcPort));
        try
        {
            var before = await Traffic.SendAsync(server, Requests / 2);
            var printed = await endpointProcess.WaitForSpanLinesAsync(before.TraceIds.ToDictionary(traceId => traceId, _ => 1), Delivery);
            Assert.All(printed, pair => Assert.Equal(1, pair.Value));

            var during = Traffic.SendAsync(server, Requests, parallel: 4);
            System.Diagnostics.Process.GetProcessById(endpointProcess.Process.ProcessId).Kill();
            var served = await during;
            Assert.True(served.Ok == Requests, $"{served.Ok} of {Requests} served while the endpoint was killed.\n{server.Transcript}");
        }
        finally
        {
            await endpointProcess.DisposeAsync();
        }

        await using var successor = await DataKitEndpointServer.StartAsync(
            new DataKitEndpointOptions { GrpcPort = endpointProcess.GrpcPort, HttpPort = 0, PrintSpans = false });
        var after = await Traffic.SendAsync(server, Requests / 2);
        var traceIds = after.TraceIds.ToHashSet();
        await successor.WaitForSpansAsync(span => traceIds.Contains(span.TraceId), traceIds.Count, Delivery);

        Assert.Equal(Requests / 2, after.Ok);
        Assert.Equal(traceIds.Count, successor.ReceivedSpans.Count(span => traceIds.Contains(span.TraceId)));
        Assert.False(server.HasExited);
        Modes.AssertNoUnhandledException(server);
        Traffic.AssertNoSecret(server);
        output.WriteLine($"{mode}: {Requests} requests served while the endpoint was killed (latency {after.Latency} after); " +
            $"{traceIds.Count}/{traceIds.Count} spans at its successor; {successor.Counters.SpansReceived} spans received there in all");
    }
}
