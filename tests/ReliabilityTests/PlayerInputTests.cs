using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.ReliabilityTests;

/// <summary>
/// A hostile <c>player</c> : the dice request prints one escaped line on the console, and the endpoint
/// receives exactly one log record for it, with the raw value whole in its attribute, in every mode.
/// </summary>
public sealed class PlayerInputTests : IAsyncLifetime
{
    private const string Hostile = "eve\r\nwarn: forged line\u001b[31m";

    private DataKitEndpointServer endpoint = null!;

    public async Task InitializeAsync() =>
        endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false });

    public async Task DisposeAsync() => await endpoint.DisposeAsync();

    [Theory]
    [MemberData(nameof(Modes.Each), MemberType = typeof(Modes))]
    public async Task AHostilePlayerForgesNoLineAndNoRecord(string mode)
    {
        var environment = Traffic.Grpc(endpoint.GrpcPort);
        environment["OTEL_LOGS_EXPORTER"] = "otlp";
        environment["OTEL_BLRP_SCHEDULE_DELAY"] = "100";
        await using var server = await ModeProcess.StartAsync(mode, environment);

        var (status, roll) = await server.GetAsync("/rolldice?player=" + Uri.EscapeDataString(Hostile));
        var records = await endpoint.WaitForLogsAsync(
            record => record.ScopeName == "ServerEndpoints.DiceRoller" && record.ResourceAttributes["service.name"] as string == ModeLauncher.Modes.ServiceOf(mode),
            1,
            TimeSpan.FromSeconds(30));
        await server.StopAsync();

        Assert.Equal(200, status);
        Assert.Equal([$"\"eve\\r\\nwarn: forged line\\u001B[31m\" is rolling the dice: {roll}"], server.OutputLines.Where(line => line.Contains("rolling the dice", StringComparison.Ordinal)));
        Assert.DoesNotContain(server.OutputLines.Concat(server.ErrorLines), line => line.Contains('\u001b', StringComparison.Ordinal) || line.StartsWith("warn: forged", StringComparison.Ordinal));
        var record = Assert.Single(records);
        Assert.Equal(Hostile, record.Attributes["player"]);
        Assert.Single(endpoint.ReceivedLogs, candidate => candidate.ScopeName == record.ScopeName && candidate.ResourceAttributes["service.name"] as string == ModeLauncher.Modes.ServiceOf(mode));
    }
}
