using InstrumentationModes.Compare;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.EquivalenceTests;

/// <summary>
/// The endpoint and the three modes exporting to it over one OTLP protocol, started as <c>compare</c> starts them,
/// each mode already sent the example client's two requests (<c>/server_request?param=equivalence</c>, then the dice).
/// </summary>
public abstract class ModesExportingTo(string protocol, IReadOnlyDictionary<string, string>? extraEnvironment = null) : IAsyncLifetime
{
    private ComparedModes modes = null!;

    public string Protocol { get; } = protocol;

    public DataKitEndpointServer Endpoint { get; private set; } = null!;

    public IReadOnlyDictionary<string, ModeProcess> Servers => modes.Servers;

    public IReadOnlyDictionary<string, ModeObservation> ClientRequests { get; private set; } = new Dictionary<string, ModeObservation>();

    public async Task InitializeAsync()
    {
        var endpoint = await EndpointBackend.StartAsync();
        Endpoint = endpoint.Endpoint;
        modes = await ComparedModes.StartAsync(endpoint, Protocol, "equivalence", extraEnvironment);
        ClientRequests = modes.Observations.ToDictionary(observation => observation.Mode);
    }

    public async Task DisposeAsync() => await modes.DisposeAsync();
}

public sealed class ModesExportingGrpc() : ModesExportingTo("grpc");

public sealed class ModesExportingHttpProtobuf() : ModesExportingTo("http/protobuf");

/// <summary>The modes with the query redaction switched off and an extra resource attribute.</summary>
public sealed class ModesWithRedactionOff() : ModesExportingTo("grpc", new Dictionary<string, string>
{
    ["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true",
    ["OTEL_RESOURCE_ATTRIBUTES"] = "deployment.environment=equivalence-tests",
});
