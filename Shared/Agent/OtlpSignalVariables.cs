using OpenTelemetry.Exporter;

namespace InstrumentationModes.Agent;

/// <summary>
/// What <c>AddOtlpExporter</c> does not read itself: the per-signal variables (<c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>,
/// <c>…_PROTOCOL</c>, <c>…_HEADERS</c>, <c>…_TIMEOUT</c>) and the official agent's default protocol, http/protobuf.
/// </summary>
internal static class OtlpSignalVariables
{
    public static void Apply(OtlpExporterOptions options, AgentSettings settings, string signal)
    {
        string? Variable(string suffix) => settings.Variable($"OTEL_EXPORTER_OTLP_{signal}_{suffix}") is { Length: > 0 } value ? value.Trim() : null;

        if (settings.ProtocolUnset(signal))
        {
            options.Protocol = OtlpExportProtocol.HttpProtobuf;
        }
        else if (Variable("PROTOCOL") is { } protocol)
        {
            options.Protocol = protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        }

        // A signal's own endpoint is used as it is, without a /v1/… path appended.
        if (Uri.TryCreate(Variable("ENDPOINT"), UriKind.Absolute, out var endpoint))
        {
            options.Endpoint = endpoint;
        }

        if (Variable("HEADERS") is { } headers)
        {
            options.Headers = headers;
        }

        if (int.TryParse(Variable("TIMEOUT"), out var timeout) && timeout > 0)
        {
            options.TimeoutMilliseconds = timeout;
        }
    }
}
