using InstrumentationModes.Compare;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary>
/// A DataKit-style endpoint and the three modes exporting to it over one OTLP protocol, each mode already sent
/// the example client's two requests (<c>/server_request?param=equivalence</c>, then the dice), what the endpoint
/// had received right after kept per mode.
/// </summary>
public abstract class ModesExportingTo(string protocol, IReadOnlyDictionary<string, string>? extraEnvironment = null) : IAsyncLifetime
{
    public string Protocol { get; } = protocol;

    public DataKitEndpointServer Endpoint { get; private set; } = null!;

    public IReadOnlyDictionary<string, ModeProcess> Servers { get; private set; } = new Dictionary<string, ModeProcess>();

    public IReadOnlyDictionary<string, ModeObservation> ClientRequests { get; private set; } = new Dictionary<string, ModeObservation>();

    public async Task InitializeAsync()
    {
        await ModeProcess.EnsureBuiltAsync();
        Endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false });
        var environment = ModeComparison.ExportTo(Endpoint, Protocol);
        foreach (var (name, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var servers = await Task.WhenAll(ModeComparison.Modes.Select(mode => ModeProcess.StartAsync(mode, environment)));
        Servers = servers.ToDictionary(server => server.Mode);
        var observations = new Dictionary<string, ModeObservation>();
        foreach (var server in servers)
        {
            observations[server.Mode] = await ModeComparison.ObserveAsync(Endpoint, server, ModeComparison.ExportTo(Endpoint, Protocol), "equivalence");
        }

        ClientRequests = observations;
    }

    public async Task DisposeAsync()
    {
        foreach (var server in Servers.Values)
        {
            await server.DisposeAsync();
        }

        await Endpoint.DisposeAsync();
    }
}

public sealed class ModesExportingGrpc() : ModesExportingTo("grpc");

public sealed class ModesExportingHttpProtobuf() : ModesExportingTo("http/protobuf");

/// <summary>The modes with the query redaction switched off and an extra resource attribute.</summary>
public sealed class ModesWithRedactionOff() : ModesExportingTo("grpc", new Dictionary<string, string>
{
    ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true",
    ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=equivalence-tests",
});
