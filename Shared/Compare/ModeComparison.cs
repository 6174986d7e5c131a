using System.Globalization;
using System.Text.RegularExpressions;
using InstrumentationModes.DataKit;
using InstrumentationModes.ModeLauncher;

namespace InstrumentationModes.Compare;

/// <summary>What one client request to one mode produced at the endpoint.</summary>
public sealed record ModeObservation(string Mode, int Port, ReceivedSpan ClientServer, IReadOnlyList<ReceivedSpan> ServerSpans)
{
    public NormalisedSpan Normalised => NormalisedSpan.From(ServerSpans.Single(), ClientServer, Port);
}

/// <summary>
/// Starts the endpoint and the three modes as a user would, sends each the example client's request, and
/// collects what the endpoint received.
/// </summary>
public static partial class ModeComparison
{
    public static readonly IReadOnlyList<string> Modes = ["manual", "auto", "programmatic"];

    /// <summary>The OTLP protocols every mode is compared on, as <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> names them.</summary>
    public static readonly IReadOnlyList<string> Protocols = ["grpc", "http/protobuf"];

    /// <summary>
    /// OTLP-only export of every signal to <paramref name="endpoint"/>: gRPC to its gRPC port, or http/protobuf to
    /// DataKit's paths (the exporters append <c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c> to <c>/otel</c>).
    /// Short batch delays and export interval, so nobody waits seconds for telemetry; the same dice rolls everywhere.
    /// </summary>
    public static Dictionary<string, string> ExportTo(DataKitEndpointServer endpoint, string protocol) => new()
    {
        ["OTEL_TRACES_EXPORTER"] = "otlp",
        ["OTEL_METRICS_EXPORTER"] = "otlp",
        ["OTEL_LOGS_EXPORTER"] = "otlp",
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol switch
        {
            "grpc" or "http/protobuf" => protocol,
            _ => throw new ArgumentException($"Unknown OTLP protocol '{protocol}': use grpc or http/protobuf.", nameof(protocol)),
        },
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = protocol == "grpc" ? endpoint.GrpcUrl : endpoint.HttpUrl + "/otel",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
        ["OTEL_BLRP_SCHEDULE_DELAY"] = "100",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        ["DICE_SEED"] = "2026",
    };

    /// <summary>Runs <c>run-mode.sh client PARAM PORT</c> and returns the trace and span ids of its <c>client-server</c> span.</summary>
    public static async Task<(string TraceId, string SpanId)> RunClientAsync(int port, string param, IReadOnlyDictionary<string, string> environment)
    {
        var client = await RunModeCommand.RunAsync(
            ["client", param, port.ToString(CultureInfo.InvariantCulture)], environment, TimeSpan.FromMinutes(2));
        var ids = ClientIdsLine().Match(client.Output);
        if (client.ExitCode != 0 || !ids.Success)
        {
            throw new InvalidOperationException($"The client failed (exit code {client.ExitCode}):\n{client.Output}\n{client.Error}");
        }

        return (ids.Groups["trace"].Value, ids.Groups["span"].Value);
    }

    /// <summary>The client's request to <paramref name="server"/>, and the spans it caused at the endpoint.</summary>
    public static async Task<ModeObservation> ObserveAsync(DataKitEndpointServer endpoint, ModeProcess server, IReadOnlyDictionary<string, string> environment, string param)
    {
        var (traceId, spanId) = await RunClientAsync(server.Port, param, environment);
        var trace = await endpoint.WaitForSpansAsync(span => span.TraceId == traceId, 3, TimeSpan.FromSeconds(30));
        var clientServer = trace.Single(span => span.SpanId == spanId);
        return new ModeObservation(server.Mode, server.Port, clientServer, trace.Where(span => span.SpanKind == "server").ToList());
    }

    /// <summary>The whole comparison on one protocol: every mode's normalised server span.</summary>
    public static async Task<IReadOnlyList<ModeObservation>> RunAsync(string protocol, Action<string> progress)
    {
        await ModeProcess.EnsureBuiltAsync();
        await using var endpoint = await DataKitEndpointServer.StartAsync(new DataKitEndpointOptions { GrpcPort = 0, HttpPort = 0, PrintSpans = false });
        var environment = ExportTo(endpoint, protocol);
        progress($"endpoint: gRPC {endpoint.GrpcUrl}, HTTP {endpoint.HttpTracesUrl}; exporting {protocol}");
        var servers = new List<ModeProcess>();
        try
        {
            foreach (var mode in Modes)
            {
                servers.Add(await ModeProcess.StartAsync(mode, environment));
                progress($"{mode}: listening on {servers[^1].BaseAddress}");
            }

            var observations = new List<ModeObservation>();
            foreach (var server in servers)
            {
                observations.Add(await ObserveAsync(endpoint, server, environment, "compare"));
                progress($"{server.Mode}: client request served, spans received");
            }

            return observations;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }
        }
    }

    [GeneratedRegex("client: trace_id=(?<trace>[0-9a-f]{32}) client-server span_id=(?<span>[0-9a-f]{16})")]
    private static partial Regex ClientIdsLine();
}
